"""Related papers: top-k by text similarity, computed once for the whole collection.

Similarity = TF-IDF cosine over the paper's words and bigrams plus its tags,
plus 0.3 x cosine of the papers' 64-dimension LSA vectors (lsa.py: a fixed
projection fitted on the arXiv corpus; it catches synonyms TF-IDF misses). On
the shared HF data this raises the share of neighbours with a common HF keyword
from 27.8% (plain TF-IDF) to the figure in docs/benchmarks.md
(benchmarks/eval_enrich.py).

Each paper's 40 nearest papers by TF-IDF come from sparse_dot_topn, which keeps
only the top n per row while it multiplies (C++, both cores): memory is
O(N x 40), never a dense N x N matrix, and at 10,000 papers it takes a quarter
of the time of chunked SciPy products plus argpartition. The LSA term then
re-ranks those 40 (ranking all pairs with it gave 32.6% instead of 32.5%).
Each pair carries the terms it shares most (the "why").
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfTransformer
from sparse_dot_topn import sp_matmul_topn

from generator.enrich.areas import make_count_vectorizer
from generator.enrich.features import Features
from generator.paper import Paper, Related

TOP_K = 5
WHY_TERMS = 3
BLOCK = 8192  # papers per sparse_dot_topn call: bounds the memory of one call
CANDIDATES = 40  # per paper, by TF-IDF; re-ranked with the LSA term
LSA_WEIGHT = 0.3
SCORE_DECIMALS = 2
WORKERS = 2
TAG_WEIGHT = 2  # each tag counts as two occurrences of a "tag:<name>" term
MAX_DF = 0.4  # terms in more than 40% of papers say nothing about relatedness
# Words too common in abstracts to *explain* why two papers are related (they
# still count towards similarity: filtering them there made neighbours worse).
DOMAIN_STOP = frozenset(
    """
    paper propose proposed method methods approach approaches results result performance novel
    state art experiments experimental show shows demonstrate demonstrates achieve achieves
    based using use used new task tasks model models framework existing work code available
    https http github com significantly extensive datasets dataset benchmark benchmarks
    effective effectiveness problem learning learn learned network networks neural deep data
    introduce present improve improves improved outperforms superior different various high
    large training trained recent furthermore moreover addition specifically previous prior key
    challenge challenges
    """.split()
)


def _keep(term: str) -> bool:
    return not any(word in DOMAIN_STOP for word in term.split(" "))


def _tag_counts(papers: list[Paper]) -> tuple[csr_matrix, np.ndarray]:
    tags = make_count_vectorizer()
    docs = [[f"tag:{t}" for t in p.tags] for p in papers]
    if not any(docs):
        return csr_matrix((len(papers), 0), dtype=np.float32), np.array([], dtype=str)
    return tags.fit_transform(docs) * TAG_WEIGHT, tags.get_feature_names_out()


def relate_papers(
    papers: list[Paper], features: Features, lsa: np.ndarray | None = None, k: int = TOP_K
) -> None:
    """Fill `paper.related`. `features` holds each paper's word and bigram counts;
    `lsa` its unit-length LSA vector (lsa.py), one row per paper, if any."""
    for p in papers:
        p.related = []
    n = len(papers)
    if n < 2:
        return
    tag_counts, tag_terms = _tag_counts(papers)
    counts = hstack([features.counts, tag_counts], format="csr")
    terms = np.concatenate([features.terms, tag_terms])
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    useful = np.flatnonzero((df >= 2) & (df <= MAX_DF * n))
    if not len(useful):
        return  # no term occurs in two papers: nothing is related
    counts, terms = counts[:, useful], terms[useful]
    matrix = TfidfTransformer(sublinear_tf=True).fit_transform(counts).tocsr()
    matrix.sort_indices()
    tie = np.argsort(np.argsort([p.slug for p in papers], kind="stable"))  # slug rank
    k = min(k, n - 1)
    pairs: list[tuple[int, int]] = []
    for rows, columns, scores in _scored_candidates(matrix, lsa):
        # Deterministic order: paper, then score descending, then slug.
        order = np.lexsort((tie[columns], -scores, rows))
        rows, columns, scores = rows[order], columns[order], scores[order]
        first = np.searchsorted(rows, rows)  # where each paper's candidates start
        best = (np.arange(len(rows)) - first < k) & (scores > 0)
        pairs += zip(rows[best].tolist(), columns[best].tolist(), strict=True)
    for (i, j), why in zip(pairs, shared_terms(matrix, pairs, terms), strict=True):
        papers[i].related.append(Related(papers[j].slug, why))


def _scored_candidates(
    matrix: csr_matrix, lsa: np.ndarray | None
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per block of papers: (paper, candidate, score) arrays, self-pairs removed.

    Candidates are each paper's CANDIDATES most similar papers by TF-IDF cosine,
    found by sparse_dot_topn (C++, two threads, never the dense N x N product);
    the score adds LSA_WEIGHT x the LSA cosine of the pair.
    """
    n = matrix.shape[0]
    for start in range(0, n, BLOCK):
        top = sp_matmul_topn(
            matrix[start : start + BLOCK], matrix.T, top_n=CANDIDATES + 1, n_threads=WORKERS
        )
        rows = np.repeat(np.arange(top.shape[0]), np.diff(top.indptr)) + start
        columns, scores = top.indices.astype(np.int64), top.data.astype(np.float64)
        keep = columns != rows
        rows, columns, scores = rows[keep], columns[keep], scores[keep]
        if lsa is not None:
            scores = scores + LSA_WEIGHT * np.einsum("ij,ij->i", lsa[rows], lsa[columns])
        # Rounded so that the small shifts of IDF weights when papers are added
        # do not reorder neighbours (ties go by slug): pages stay unchanged.
        yield rows, columns, np.round(scores, SCORE_DECIMALS)


def shared_terms(
    matrix: csr_matrix, pairs: list[tuple[int, int]], terms: np.ndarray
) -> list[tuple[str, ...]]:
    """Per pair, the terms that contribute most to its similarity (the "why")."""
    if not pairs:
        return []
    explainable: dict[int, bool] = {}
    left, right = zip(*pairs, strict=True)
    products = matrix[list(left)].multiply(matrix[list(right)]).tocsr()
    whys = []
    for row in range(products.shape[0]):
        span = slice(products.indptr[row], products.indptr[row + 1])
        columns, weights = products.indices[span], products.data[span]
        chosen: list[str] = []
        for idx in np.lexsort((columns, -weights)):
            column = int(columns[idx])
            if column not in explainable:
                explainable[column] = _keep(str(terms[column]))
            if not explainable[column]:
                continue
            term = str(terms[columns[idx]]).removeprefix("tag:")
            if any(term in c or c in term for c in chosen):
                continue  # skip "video" once "video inpainting" is there
            chosen.append(term)
            if len(chosen) == WHY_TERMS:
                break
        whys.append(tuple(chosen))
    return whys
