"""Fit the shipped area model from the labelled arXiv corpus.

    python -m generator.enrich.area_training [../shared/data/arxiv-cs-corpus.jsonl]

Targets come from the taxonomy: an area is "present" when any of its arXiv
codes (e.g. cs.LG and stat.ML) is among the paper's categories. One binary
logistic regression per area (one-vs-rest), because the evaluation asks
whether the predicted area is *among* the categories, not whether it is the
primary one.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression

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
C = 10.0


DEFAULT_CORPUS = Path("../shared/data/arxiv-cs-corpus.jsonl")


def load_corpus(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def analyze_corpus(corpus: list[dict]) -> list[list[str]]:
    """Each paper's terms, by the tokeniser enrichment uses at build time."""
    return [analyze(paper_text(d["title"], d["summary"])) for d in corpus]


def fit_and_save(argv: list[str], fit: Callable[[list[dict]], Any], target: Path) -> int:
    """The training commands: fit on the corpus (argv[0] or the shared one), save, report."""
    start = time.perf_counter()
    fit(load_corpus(Path(argv[0]) if argv else DEFAULT_CORPUS)).save(target)
    size = target.stat().st_size / 1e6
    print(f"wrote {target} ({size:.1f} MB) in {time.perf_counter() - start:.0f}s")
    return 0


def train(corpus: list[dict], area_codes: dict[str, list[str]]) -> AreaModel:
    texts = analyze_corpus(corpus)
    vectorizer = make_count_vectorizer(min_df=2, max_df=0.5, max_features=MAX_FEATURES)
    counts = vectorizer.fit_transform(texts)
    idf = TfidfTransformer(sublinear_tf=True).fit(counts).idf_.astype(np.float32)
    features = tfidf(counts, idf)
    areas, coefs, intercepts = [], [], []
    for area, codes in area_codes.items():
        y = np.array([any(c in d["categories"] for c in codes) for d in corpus], dtype=int)
        if y.sum() < MIN_POSITIVES:
            print(f"  {area}: {y.sum()} positives, not modelled")
            continue
        model = LogisticRegression(C=C, max_iter=2000, solver="liblinear").fit(features, y)
        areas.append(area)
        coefs.append(model.coef_[0])
        intercepts.append(model.intercept_[0])
        print(f"  {area}: {y.sum()} positives")
    return AreaModel(
        areas=areas,
        vocabulary={str(t): int(i) for t, i in vectorizer.vocabulary_.items()},
        idf=idf,
        coef=np.vstack(coefs).astype(np.float32),
        intercept=np.array(intercepts, dtype=np.float32),
    )


def main(argv: list[str]) -> int:
    taxonomy = load_taxonomy(TAXONOMY_FILE)
    codes = {code: [code, *area.aliases] for code, area in taxonomy.areas.items()}
    return fit_and_save(argv, lambda corpus: train(corpus, codes), MODEL_FILE)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
