"""Fit the shipped LSA projection (see lsa.py) from the arXiv corpus.

    python -m generator.enrich.lsa_training [../shared/data/arxiv-cs-corpus.jsonl]

Uses the area model's vocabulary and IDF, so run it again after
`python -m generator.enrich.area_training`.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
from sklearn.decomposition import TruncatedSVD

from generator.enrich.area_training import load_corpus
from generator.enrich.areas import MODEL_FILE, AreaModel, analyze, make_count_vectorizer, paper_text
from generator.enrich.areas import tfidf as area_tfidf
from generator.enrich.lsa import BASIS_FILE, LsaBasis

DIMENSIONS = 64
TERMS = 20_000  # the corpus's most frequent terms of the area vocabulary


def train(corpus: list[dict], model: AreaModel) -> LsaBasis:
    texts = [analyze(paper_text(d["title"], d["summary"])) for d in corpus]
    counts = make_count_vectorizer(model.vocabulary).transform(texts)
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    columns = np.sort(np.argsort(-df, kind="stable")[:TERMS])
    matrix = area_tfidf(counts, model.idf)[:, columns]
    svd = TruncatedSVD(DIMENSIONS, algorithm="randomized", n_iter=7, random_state=0)
    svd.fit(matrix)
    print(f"  explained variance: {svd.explained_variance_ratio_.sum():.1%}")
    return LsaBasis(columns, svd.components_.astype(np.float32))


def main(argv: list[str]) -> int:
    corpus_path = Path(argv[0] if argv else "../shared/data/arxiv-cs-corpus.jsonl")
    start = time.perf_counter()
    basis = train(load_corpus(corpus_path), AreaModel.load(MODEL_FILE))
    basis.save(BASIS_FILE)
    size = BASIS_FILE.stat().st_size / 1e6
    print(f"wrote {BASIS_FILE} ({size:.1f} MB) in {time.perf_counter() - start:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
