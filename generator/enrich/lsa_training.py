"""Fit the shipped LSA projection (see lsa.py) from the arXiv corpus.

    python -m generator.enrich.lsa_training [../shared/data/arxiv-cs-corpus.jsonl]

Uses the area model's vocabulary and IDF, so run it again after
`python -m generator.enrich.area_training`.
"""

from __future__ import annotations

import sys

import numpy as np
from sklearn.decomposition import TruncatedSVD

from generator.enrich.area_training import analyze_corpus, fit_and_save
from generator.enrich.areas import MODEL_FILE, AreaModel, make_count_vectorizer
from generator.enrich.areas import tfidf as area_tfidf
from generator.enrich.lsa import BASIS_FILE, LsaBasis

DIMENSIONS = 64
TERMS = 20_000  # the corpus's most frequent terms of the area vocabulary


def train(corpus: list[dict], model: AreaModel) -> LsaBasis:
    counts = make_count_vectorizer(model.vocabulary).transform(analyze_corpus(corpus))
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    columns = np.sort(np.argsort(-df, kind="stable")[:TERMS])
    matrix = area_tfidf(counts, model.idf)[:, columns]
    svd = TruncatedSVD(DIMENSIONS, algorithm="randomized", n_iter=7, random_state=0)
    svd.fit(matrix)
    print(f"  explained variance: {svd.explained_variance_ratio_.sum():.1%}")
    return LsaBasis(columns, svd.components_.astype(np.float32))


def main(argv: list[str]) -> int:
    model = AreaModel.load(MODEL_FILE)
    return fit_and_save(argv, lambda corpus: train(corpus, model), BASIS_FILE)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
