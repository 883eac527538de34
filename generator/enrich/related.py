"""Related papers: top-k by text similarity, computed once for the whole collection.

Similarity = TF-IDF cosine over the paper's words and bigrams plus its tags,
plus 0.3 x cosine of a 64-dimension LSA projection of the same matrix (it
catches synonyms TF-IDF misses). On the shared HF data this raises the share of
neighbours with a common HF keyword from 27.8% (plain TF-IDF) to 32.5% (see
benchmarks/eval_enrich.py).

Each paper's 40 nearest papers by TF-IDF come from sparse_dot_topn, which keeps
only the top n per row while it multiplies (C++, both cores): memory is
O(N x 40), never a dense N x N matrix, and at 10,000 papers it takes a quarter
of the time of chunked SciPy products plus argpartition. The LSA term then
re-ranks those 40 (ranking all pairs with it gave 32.6% instead of 32.5%).
Each pair carries the terms it shares most (the "why").
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize
from sparse_dot_topn import sp_matmul_topn

from generator.enrich.features import Features
from generator.paper import Paper, Related

TOP_K = 5
WHY_TERMS = 3
BLOCK = 8192  # papers per sparse_dot_topn call: bounds the memory of one call
CANDIDATES = 40  # per paper, by TF-IDF; re-ranked with the LSA term
LSA_DIMENSIONS = 64
LSA_WEIGHT = 0.3
LSA_FIT_ROWS = 2_000
SCORE_DECIMALS = 2
LSA_ITERATIONS = 2
LSA_TERMS = 20_000  # the LSA projection uses only the most frequent useful terms
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


def _identity(terms: list[str]) -> list[str]:
    return terms


def _keep(term: str) -> bool:
    return not any(word in DOMAIN_STOP for word in term.split(" "))


def _tag_counts(papers: list[Paper]) -> tuple[csr_matrix, np.ndarray]:
    tags = CountVectorizer(analyzer=_identity, dtype=np.float32)
    docs = [[f"tag:{t}" for t in p.tags] for p in papers]
    if not any(docs):
        return csr_matrix((len(papers), 0), dtype=np.float32), np.array([], dtype=str)
    return tags.fit_transform(docs) * TAG_WEIGHT, tags.get_feature_names_out()


def _fit_sample(slugs: list[str], size: int) -> np.ndarray:
    """Rows to fit LSA on: the `size` papers whose slugs hash lowest. Adding a
    listing swaps only a few of them, so the projection (and every paper's
    related list) barely moves; a stride over the rows would shift them all."""
    if len(slugs) <= size:
        return np.arange(len(slugs))
    keys = [hashlib.blake2b(s.encode(), digest_size=8).digest() for s in slugs]
    return np.sort(np.argsort(keys, kind="stable")[:size])


def _lsa(matrix: csr_matrix, df: np.ndarray, slugs: list[str]) -> np.ndarray | None:
    n = matrix.shape[0]
    frequent = np.sort(np.argsort(-df, kind="stable")[:LSA_TERMS])
    dims = min(LSA_DIMENSIONS, n - 1, len(frequent) - 1)
    if dims < 2:
        return None
    reduced = matrix[:, frequent]
    svd = TruncatedSVD(dims, algorithm="randomized", n_iter=LSA_ITERATIONS, random_state=0)
    # Fitting on an even sample of rows, over the most frequent terms, gives the
    # same neighbours at a fraction of the cost.
    svd.fit(reduced[_fit_sample(slugs, LSA_FIT_ROWS)])
    return normalize(svd.transform(reduced)).astype(np.float32)


def relate_papers(papers: list[Paper], features: Features, k: int = TOP_K) -> None:
    """Fill `paper.related`; `features` holds each paper's word and bigram counts."""
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
    counts, terms, df = counts[:, useful], terms[useful], df[useful]
    matrix = TfidfTransformer(sublinear_tf=True).fit_transform(counts).tocsr()
    matrix.sort_indices()
    lsa = _lsa(matrix, df, [p.slug for p in papers])
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
