"""Fit the shipped area model from the labelled arXiv corpus.

    python -m generator.enrich.area_training [CORPUS]   # default: the large corpus

The corpus holds no dev-labelled paper (checked: training refuses otherwise), the
method (logistic regression, linear SVM or NB-SVM, one-vs-rest) and its C are chosen by
3-fold cross-validation inside the corpus, and the
ids trained on are written next to the model (area_model.ids.txt.gz) so a test can
prove the dev labels never reached it. benchmarks/compare_area_methods.py compares
this method with others the same way.

Targets come from the taxonomy: an area is "present" when any of its arXiv
codes (e.g. cs.LG and stat.ML) is among the paper's categories. One binary
logistic regression per area (one-vs-rest), because the evaluation asks
whether the predicted area is *among* the categories, not whether it is the
primary one.
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import diags
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import MultinomialNB
from sklearn.svm import LinearSVC

from generator.enrich import TAXONOMY_FILE
from generator.enrich.areas import (
    MODEL_FILE,
    AreaModel,
    analyze,
    make_count_vectorizer,
    paper_text,
    tfidf,
)
from generator.enrich.taxonomy import load_taxonomy

MAX_FEATURES = 120_000
MIN_POSITIVES = 30  # areas with fewer training papers are not predicted
# Methods and settings tried; the best by CV inside the training corpus is shipped
# (benchmarks/compare_area_methods.py scores each of them once on the dev labels).
GRID = {"logreg": (2.0, 5.0, 10.0, 20.0), "svm": (0.1, 0.3, 1.0), "nbsvm": (0.1, 0.3, 1.0)}
NB_ALPHA = 1.0  # smoothing of NB-SVM's log-count ratios (0.5 and 2 gave the same in CV)
CV_SAMPLE = 15_000

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
LARGE_CORPUS = SHARED / "arxiv-cs-corpus-large.jsonl.gz"
DEV_LABELS = SHARED / "arxiv-labels-dev.jsonl"
DEFAULT_CORPUS = LARGE_CORPUS


def ids_file(model_file: Path) -> Path:
    """Where a shipped model's training ids are recorded: <name>.ids.txt.gz."""
    return model_file.with_name(model_file.name.split(".")[0] + ".ids.txt.gz")


def load_corpus(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def dev_ids() -> set[str]:
    if not DEV_LABELS.exists():
        return set()
    return {d["id"] for d in load_corpus(DEV_LABELS)}


def check_no_dev_papers(corpus: list[dict]) -> None:
    overlap = {d["id"] for d in corpus} & dev_ids()
    if overlap:
        raise SystemExit(f"refusing to train: {len(overlap)} dev-labelled papers in the corpus")


def save_ids(corpus: list[dict], model_file: Path) -> None:
    ids = "\n".join(sorted(d["id"] for d in corpus)) + "\n"
    with gzip.GzipFile(ids_file(model_file), "wb", mtime=0) as handle:
        handle.write(ids.encode("utf-8"))


def area_codes() -> tuple[list[str], dict[str, list[str]]]:
    taxonomy = load_taxonomy(TAXONOMY_FILE)
    codes = {code: [code, *area.aliases] for code, area in taxonomy.areas.items()}
    return list(codes), codes


def fit_features(texts: list[list[str]]):
    vectorizer = make_count_vectorizer(min_df=2, max_df=0.5, max_features=MAX_FEATURES)
    counts = vectorizer.fit_transform(texts)
    idf = TfidfTransformer(sublinear_tf=True).fit(counts).idf_.astype(np.float32)
    return vectorizer, idf, tfidf(counts, idf)


def fit_linear(kind: str, setting: float, features, targets: np.ndarray):
    """One binary linear model per target column: (coef areas x features, intercept)."""
    coefs, intercepts = [], []
    for column in range(targets.shape[1]):
        y = targets[:, column]
        if y.sum() < 2 or y.sum() == len(y):
            coefs.append(np.zeros(features.shape[1]))
            intercepts.append(-1e3)
            continue
        if kind == "logreg":
            m = LogisticRegression(C=setting, max_iter=2000, solver="liblinear").fit(features, y)
            coefs.append(m.coef_[0])
            intercepts.append(m.intercept_[0])
        elif kind == "svm":
            m = LinearSVC(C=setting).fit(features, y)
            coefs.append(m.coef_[0])
            intercepts.append(m.intercept_[0])
        elif kind == "nbsvm":
            # NB-SVM (Wang and Manning 2012): a linear SVM on features scaled by their
            # naive-Bayes log-count ratio; still one linear model, coef = w * r.
            ratio = nb_log_ratio(features, y)
            m = LinearSVC(C=setting).fit(features @ diags(ratio), y)
            coefs.append(m.coef_[0] * ratio)
            intercepts.append(m.intercept_[0])
        else:  # multinomial naive Bayes, written as the linear model it is
            m = MultinomialNB(alpha=setting).fit(features, y)
            coefs.append(m.feature_log_prob_[1] - m.feature_log_prob_[0])
            intercepts.append(m.class_log_prior_[1] - m.class_log_prior_[0])
    return np.vstack(coefs), np.array(intercepts)


def nb_log_ratio(features, y: np.ndarray, alpha: float = NB_ALPHA) -> np.ndarray:
    """Per feature, log of its smoothed share of the positive papers' mass over its
    share of the negatives'."""
    positive = alpha + np.asarray(features[y == 1].sum(axis=0)).ravel()
    negative = alpha + np.asarray(features[y == 0].sum(axis=0)).ravel()
    return np.log(positive / positive.sum() / (negative / negative.sum())).astype(np.float32)


def hits(predicted: np.ndarray, categories: list[set[str]], codes: dict[int, list[str]]) -> float:
    """Share of papers whose predicted area is among their arXiv categories."""
    good = sum(
        bool(set(codes[int(i)]) & cats) for i, cats in zip(predicted, categories, strict=True)
    )
    return good / max(len(categories), 1)


def choose_method(features, targets: np.ndarray, corpus: list[dict], codes: dict[int, list[str]]):
    """(kind, setting) by 3-fold CV on a sample of the training corpus, never the dev labels."""
    rng = np.random.default_rng(0)
    sample = rng.permutation(len(corpus))[:CV_SAMPLE]
    scores = {}
    for kind, settings in GRID.items():
        for setting in settings:
            fold_scores = []
            for k in range(3):
                test, train = sample[k::3], np.setdiff1d(sample, sample[k::3])
                coef, intercept = fit_linear(kind, setting, features[train], targets[train])
                predicted = (features[test] @ coef.T + intercept).argmax(1)
                cats = [set(corpus[i]["categories"]) for i in test]
                fold_scores.append(hits(predicted, cats, codes))
            scores[kind, setting] = float(np.mean(fold_scores))
            print(f"  {kind} {setting:g}: CV accuracy {scores[kind, setting]:.2%}")
    return max(scores, key=scores.get)


def analyze_corpus(corpus: list[dict]) -> list[list[str]]:
    """Each paper's terms, by the tokeniser enrichment uses at build time."""
    return [analyze(paper_text(d["title"], d["summary"])) for d in corpus]


def fit_and_save(argv: list[str], fit: Callable[[list[dict]], Any], target: Path) -> int:
    """The training commands: fit on the corpus (argv[0] or the shared one), save the
    model and the ids it was trained on, report."""
    start = time.perf_counter()
    corpus = load_corpus(Path(argv[0]) if argv else DEFAULT_CORPUS)
    check_no_dev_papers(corpus)
    fit(corpus).save(target)
    save_ids(corpus, target)
    size = target.stat().st_size / 1e6
    print(f"wrote {target} ({size:.1f} MB) in {time.perf_counter() - start:.0f}s")
    return 0


def train(corpus: list[dict], codes: dict[str, list[str]]) -> AreaModel:
    vectorizer, idf, features = fit_features(analyze_corpus(corpus))
    areas = []
    for area, area_list in codes.items():
        n = sum(any(c in d["categories"] for c in area_list) for d in corpus)
        if n < MIN_POSITIVES:
            print(f"  {area}: {n} positives, not modelled")
        else:
            areas.append(area)
    targets = np.array(
        [[any(c in d["categories"] for c in codes[a]) for a in areas] for d in corpus], dtype=int
    )
    kind, setting = choose_method(
        features, targets, corpus, {i: codes[a] for i, a in enumerate(areas)}
    )
    print(f"  chosen by CV: {kind} {setting:g}; fitting on {len(corpus):,} papers")
    coef, intercept = fit_linear(kind, setting, features, targets)
    return AreaModel(
        areas=areas,
        vocabulary={str(t): int(i) for t, i in vectorizer.vocabulary_.items()},
        idf=idf,
        coef=coef.astype(np.float32),
        intercept=intercept.astype(np.float32),
    )


def main(argv: list[str]) -> int:
    _areas, codes = area_codes()
    return fit_and_save(argv, lambda corpus: train(corpus, codes), MODEL_FILE)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
