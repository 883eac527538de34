"""Compare area classifiers honestly: chosen by cross-validation inside the training
corpus; the dev labels only report each method's result, once.

    python benchmarks/compare_area_methods.py [--cv-sample N]

Training corpus: ../shared/data/arxiv-cs-corpus-large.jsonl.gz (70,440 papers, no dev
paper: asserted). Each method's hyperparameter is picked by 3-fold CV on a sample of
the training corpus; the best (method, setting) by CV is the one to ship. Then every
method is fitted on the whole corpus and scored once on arxiv-labels-dev.jsonl (2,174
papers). Accuracy = the predicted area is among the paper's arXiv categories (any,
with `also` codes). Prints CV and dev accuracy, fit time, time per 1,000 papers and
the shipped size (int8 weights, compressed, as AreaModel.save writes).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import HF_DAILY, SHARED_DATA, machine  # noqa: E402
from generator.enrich.area_training import (  # noqa: E402
    LARGE_CORPUS,
    analyze_corpus,
    area_codes,
    dev_ids,
    fit_features,
    fit_linear,
    hits,
    load_corpus,
)
from generator.enrich.areas import AreaModel, make_count_vectorizer, tfidf  # noqa: E402
from generator.ingest import ingest_paths  # noqa: E402

METHODS = {
    "tfidf-logreg": ("logreg", [2.0, 5.0, 10.0, 20.0]),
    "tfidf-linear-svm": ("svm", [0.1, 0.3, 1.0]),
    "tfidf-complement-nb": ("cnb", [0.1, 0.3, 1.0]),
    "tfidf-nb-svm": ("nbsvm", [0.1, 0.3, 1.0]),
}


def cv_score(kind, setting, features, targets, categories, codes, folds=3, seed=0) -> float:
    rng = np.random.default_rng(seed)
    order = rng.permutation(features.shape[0])
    scores = []
    for k in range(folds):
        test = order[k::folds]
        train = np.setdiff1d(order, test)
        coef, intercept = fit_linear(kind, setting, features[train], targets[train])
        scores_ = features[test] @ coef.T + intercept
        scores.append(hits(scores_.argmax(1), [categories[i] for i in test], codes))
    return float(np.mean(scores))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cv-sample", type=int, default=15_000)
    args = parser.parse_args(argv)
    if not LARGE_CORPUS.exists():
        print(f"skipped: {LARGE_CORPUS} not found")
        return 0
    print(f"machine: {machine()}")
    corpus = load_corpus(LARGE_CORPUS)
    # The dev labels carry ids and categories; their text is the HF record's, as at build time.
    collection, _ = ingest_paths([HF_DAILY])
    by_id = {p.arxiv_id: p for p in collection}
    dev = [
        {"id": d["id"], "title": by_id[d["id"]].title, "summary": by_id[d["id"]].abstract,
         "categories": d["categories"]}
        for d in load_corpus(SHARED_DATA / "arxiv-labels-dev.jsonl") if d["id"] in by_id
    ]  # fmt: skip
    overlap = {d["id"] for d in corpus} & dev_ids()
    assert not overlap, f"{len(overlap)} dev papers in the training corpus"
    print(f"training corpus: {len(corpus):,} papers, 0 dev ids; dev labels: {len(dev):,}")
    areas, codes = area_codes()
    start = time.perf_counter()
    texts = analyze_corpus(corpus)
    vectorizer, idf, features = fit_features(texts)
    print(f"tokenise + TF-IDF: {time.perf_counter() - start:.0f} s, {features.shape[1]:,} terms")
    targets = np.array(
        [[any(c in d["categories"] for c in codes[a]) for a in areas] for d in corpus], dtype=int
    )
    categories = [set(d["categories"]) for d in corpus]
    sample = np.random.default_rng(1).permutation(len(corpus))[: args.cv_sample]
    dev_counts = make_count_vectorizer(vectorizer.vocabulary_).transform(analyze_corpus(dev))
    dev_features = tfidf(dev_counts, idf)
    dev_categories = [set(d["categories"]) for d in dev]
    rows = []
    for name, (kind, settings) in METHODS.items():
        cv = {
            s: cv_score(kind, s, features[sample], targets[sample],
                        [categories[i] for i in sample], {i: codes[a] for i, a in enumerate(areas)})
            for s in settings
        }  # fmt: skip
        best = max(cv, key=cv.get)
        start = time.perf_counter()
        coef, intercept = fit_linear(kind, best, features, targets)
        fit_s = time.perf_counter() - start
        start = time.perf_counter()
        for _ in range(3):
            counts = make_count_vectorizer(vectorizer.vocabulary_).transform(analyze_corpus(dev))
            scores = tfidf(counts, idf) @ coef.T + intercept
        per_1000 = (time.perf_counter() - start) / 3 / len(dev) * 1000
        scores = dev_features @ coef.T + intercept
        dev_acc = hits(scores.argmax(1), dev_categories, {i: codes[a] for i, a in enumerate(areas)})
        with tempfile.TemporaryDirectory() as tmp:
            vocabulary = {str(t): int(i) for t, i in vectorizer.vocabulary_.items()}
            model = AreaModel(
                areas, vocabulary, idf, coef.astype(np.float32), intercept.astype(np.float32)
            )
            model.save(Path(tmp) / "m.npz")
            size = (Path(tmp) / "m.npz").stat().st_size / 1e6
        cv_text = ", ".join(f"{s:g}: {v:.1%}" for s, v in cv.items())
        print(f"{name}: CV [{cv_text}] -> {best:g}; fit {fit_s:.0f} s")
        rows.append((name, best, cv[best], dev_acc, per_1000, size))
    print("\n| Method | setting (by CV) | CV accuracy (train) | dev accuracy | s per 1,000 | MB |")
    print("|---|---|---|---|---|---|")
    for name, best, cv, dev_acc, per_1000, size in rows:
        print(f"| {name} | {best:g} | {cv:.1%} | {dev_acc:.1%} | {per_1000:.2f} | {size:.1f} |")
    chosen = max(rows, key=lambda r: r[2])
    print(f"\nchosen by CV: {chosen[0]} ({chosen[1]:g}); its dev accuracy {chosen[3]:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
