"""Related papers: TF-IDF cosine top-k, computed once for the whole collection.

Works chunk by chunk over the sparse matrix, so memory is O(chunk x N),
never a dense N x N matrix. Each pair carries the terms it shares most.
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from generator.paper import Paper, Related

TOP_K = 5
WHY_TERMS = 3
CHUNK = 512
_DOMAIN_STOP = {
    "paper", "propose", "proposed", "method", "methods", "approach", "approaches", "results",
    "result", "performance", "novel", "state", "art", "experiments", "experimental", "show",
    "shows", "demonstrate", "demonstrates", "achieve", "achieves", "based", "using", "use",
    "used", "new", "task", "tasks", "model", "models", "framework", "existing", "work",
    "code", "available", "https", "http", "github", "com", "significantly", "extensive",
    "datasets", "dataset", "benchmark", "benchmarks", "effective", "effectiveness", "problem",
    "learning", "learn", "learned", "network", "networks", "neural", "deep", "data",
    "introduce", "present", "improve", "improves", "improved", "outperforms", "superior",
    "different", "various", "high", "large", "training", "trained", "recent", "furthermore",
    "moreover", "addition", "specifically", "previous", "prior", "key", "challenge", "challenges",
}  # fmt: skip
STOP_WORDS = sorted(ENGLISH_STOP_WORDS | _DOMAIN_STOP)


def _texts(papers: list[Paper]) -> list[str]:
    # The title counts twice: it is the densest statement of what the paper is about.
    return [f"{p.title}. {p.title}. {p.abstract} {' '.join(p.tags)}" for p in papers]


def relate_papers(papers: list[Paper], k: int = TOP_K) -> None:
    if len(papers) < 2:
        for p in papers:
            p.related = []
        return
    vectorizer = TfidfVectorizer(
        stop_words=STOP_WORDS,
        sublinear_tf=True,
        min_df=2,
        max_df=0.4,
        ngram_range=(1, 2),
        token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z0-9-]+\b",
        dtype=np.float32,
    )
    try:
        matrix = vectorizer.fit_transform(_texts(papers)).tocsr()
    except ValueError:  # no term occurs in two papers: nothing is related
        for p in papers:
            p.related = []
        return
    terms = vectorizer.get_feature_names_out()
    n = len(papers)
    k = min(k, n - 1)
    transposed = matrix.T.tocsr()
    for start in range(0, n, CHUNK):
        block = matrix[start : start + CHUNK]
        sims = (block @ transposed).toarray()
        rows = np.arange(sims.shape[0])
        sims[rows, rows + start] = -1.0
        for r in range(sims.shape[0]):
            i = start + r
            row = sims[r]
            candidates = np.argpartition(-row, k)[: k + 8] if n > k + 8 else np.arange(n)
            # Deterministic order: score descending, then slug.
            best = sorted(
                (j for j in candidates if row[j] > 0 and j != i),
                key=lambda j: (-round(float(row[j]), 6), papers[j].slug),
            )[:k]
            papers[i].related = [
                Related(papers[j].slug, _shared_terms(matrix, i, j, terms)) for j in best
            ]


def _shared_terms(matrix, i: int, j: int, terms) -> tuple[str, ...]:
    product = matrix[i].multiply(matrix[j]).tocoo()
    order = np.lexsort((product.col, -product.data))
    chosen: list[str] = []
    for idx in order:
        term = str(terms[product.col[idx]])
        if any(term in c or c in term for c in chosen):
            continue  # skip "video" once "video inpainting" is there
        chosen.append(term)
        if len(chosen) == WHY_TERMS:
            break
    return tuple(chosen)
