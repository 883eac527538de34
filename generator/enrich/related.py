"""Related papers: TF-IDF cosine top-k, computed once for the whole collection.

Works chunk by chunk over the sparse matrix, so memory is O(chunk x N),
never a dense N x N matrix. Each pair carries the terms it shares most.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from generator.paper import Paper, Related

TOP_K = 5
WHY_TERMS = 3
CHUNK = 1024
# Words too common in abstracts to say why two papers are related.
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


def relate_papers(papers: list[Paper], analyzed: list[list[str]], k: int = TOP_K) -> None:
    """`analyzed`: each paper's terms (unigrams and bigrams), as the area model sees them."""
    for p in papers:
        p.related = []
    if len(papers) < 2:
        return
    counter = CountVectorizer(analyzer=_identity, min_df=2, max_df=0.4, dtype=np.float32)
    try:
        counts = counter.fit_transform(analyzed)
    except ValueError:  # no term occurs in two papers: nothing is related
        return
    all_terms = counter.get_feature_names_out()
    # Filter generic words on the (small) vocabulary, not on every occurrence.
    keep = np.flatnonzero([_keep(t) for t in all_terms])
    terms = all_terms[keep]
    matrix = TfidfTransformer(sublinear_tf=True).fit_transform(counts[:, keep]).tocsr()
    matrix.sort_indices()
    slugs = np.array([p.slug for p in papers])
    n = len(papers)
    k = min(k, n - 1)
    transposed = matrix.T.tocsr()
    for start in range(0, n, CHUNK):
        sims = (matrix[start : start + CHUNK] @ transposed).toarray()
        rows = np.arange(sims.shape[0])
        sims[rows, rows + start] = -1.0
        width = min(k + 8, n - 1)
        candidates = np.argpartition(-sims, width - 1, axis=1)[:, :width]
        for r in rows:
            i = start + r
            cand = candidates[r]
            scores = np.round(sims[r, cand], 6)
            # Deterministic order: score descending, then slug.
            order = np.lexsort((slugs[cand], -scores))
            best = [int(cand[o]) for o in order if scores[o] > 0][:k]
            papers[i].related = [
                Related(papers[j].slug, shared_terms(matrix, i, j, terms)) for j in best
            ]


def shared_terms(matrix: csr_matrix, i: int, j: int, terms) -> tuple[str, ...]:
    """The terms that contribute most to the pair's similarity (the "why")."""
    a = slice(matrix.indptr[i], matrix.indptr[i + 1])
    b = slice(matrix.indptr[j], matrix.indptr[j + 1])
    common, ia, ib = np.intersect1d(
        matrix.indices[a], matrix.indices[b], assume_unique=True, return_indices=True
    )
    weight = matrix.data[a][ia] * matrix.data[b][ib]
    chosen: list[str] = []
    for idx in np.lexsort((common, -weight)):
        term = str(terms[common[idx]])
        if any(term in c or c in term for c in chosen):
            continue  # skip "video" once "video inpainting" is there
        chosen.append(term)
        if len(chosen) == WHY_TERMS:
            break
    return tuple(chosen)
