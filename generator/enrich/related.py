"""Related papers: top-k by text similarity, computed once for the whole collection.

A paper is one sparse vector that depends on that paper alone, so adding a
listing moves no existing paper's vector; only the new papers can enter (or
push an old one out of) an existing paper's list. Its parts, each L2-normalised
and weighted so that a dot product of two vectors is the score:

- words and bigrams, sublinear TF x the *shipped* IDF of the area model
  (fitted on the arXiv corpus; terms it does not know get OOV_IDF), together
  with the paper's tags at a flat TAG_VALUE each;
- its key phrases (keyphrases.py), each at its shipped weight, x PHRASE_WEIGHT;
- its 64-dimension LSA vector (lsa.py, also fixed) x LSA_WEIGHT, added to the
  score of each paper's CANDIDATES best by the sparse parts (the dense LSA
  columns in the product would make it N x N x 64).

An IDF fitted on the collection, as before, shifted every weight a little
whenever papers were added: 21% of existing papers' related lists changed
when 50 papers joined 3,000. The weights were chosen on one half of the
shared HF papers (by a hash of the arXiv id) and the figure reported on the
other half (benchmarks/eval_enrich.py); HF's `ai_keywords` are only the
yardstick, never an input.

Each paper's nearest papers come from sparse_dot_topn, which keeps only the
top n per row while it multiplies (C++, both cores): memory is O(N x n), never
a dense N x N matrix. Each pair carries the terms it shares most (the "why").
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.preprocessing import normalize
from sparse_dot_topn import sp_matmul_topn

from generator.enrich.areas import make_count_vectorizer
from generator.enrich.features import Features, count_terms
from generator.enrich.keyphrases import DOMAIN_STOP, PhraseWeights, paper_phrases, shipped_weights
from generator.paper import Paper, Related

TOP_K = 5
WHY_TERMS = 3
BLOCK = 8192  # papers per sparse_dot_topn call: bounds the memory of one call
CANDIDATES = 40  # per paper, by the sparse parts; re-ranked with the LSA term
OOV_IDF = 6.0  # a term the area model's vocabulary does not hold (rare in arXiv)
COMMON_IDF = 4.0  # words the area model's IDF puts below this are common (in ~5%+ of arXiv)
TAG_VALUE = 25.0  # a tag's weight beside the word weights, before normalising
PHRASE_WEIGHT = 2.0
LSA_WEIGHT = 0.3
SCORE_DECIMALS = 2
PAIR_CHUNK = 32_768  # candidate pairs whose rows are gathered at once for their scores
WHY_CHUNK = 5_000  # pairs gathered at once for their shared terms (20,000: +290 MB at 20k)
WORKERS = 2


def _keep(term: str) -> bool:
    return not any(word in DOMAIN_STOP for word in term.split(" "))


IdfTable = tuple[dict[str, int], np.ndarray]  # term -> column, IDF per column


def _word_and_tag_part(
    papers: list[Paper], features: Features, idf: IdfTable | None
) -> tuple[csr_matrix, np.ndarray, np.ndarray]:
    weights = np.full(len(features.terms), OOV_IDF, dtype=np.float32)
    if idf is not None:
        columns, values = idf
        found = [(i, columns[t]) for i, t in enumerate(features.terms) if t in columns]
        if found:
            here, there = np.array(found).T
            weights[here] = values[there]
    words = features.counts.tocsr().astype(np.float32)
    np.log(words.data, out=words.data)
    words.data += 1.0
    words = words.multiply(weights).tocsr()
    common = weights < COMMON_IDF
    terms = features.terms
    docs = [[f"tag:{t}" for t in p.tags] for p in papers]
    if any(docs):
        vectorizer = make_count_vectorizer(binary=True)
        tags = vectorizer.fit_transform(docs) * TAG_VALUE
        words = hstack([words, tags], format="csr")
        terms = np.concatenate([terms, vectorizer.get_feature_names_out()])
        common = np.concatenate([common, np.zeros(tags.shape[1], dtype=bool)])
    return _unit_rows(words), terms, common


def _phrase_part(phrases: list[list[str]], weights: PhraseWeights) -> tuple[csr_matrix, np.ndarray]:
    counts, vocabulary = count_terms(phrases)
    values = np.array(weights.weights(vocabulary), dtype=np.float32)
    counts = counts.multiply(values).tocsr() if len(values) else counts
    return _unit_rows(counts) * np.sqrt(PHRASE_WEIGHT), np.array(list(vocabulary), dtype=object)


def _unit_rows(matrix: csr_matrix) -> csr_matrix:
    """L2-normalised rows (a matrix with no column stays as it is)."""
    return normalize(matrix).tocsr() if matrix.shape[1] else matrix.tocsr()


def sparse_vectors(
    papers: list[Paper],
    features: Features,
    idf: IdfTable | None,
    phrases: list[list[str]],
    weights: PhraseWeights | None = None,
) -> tuple[csr_matrix, np.ndarray, np.ndarray]:
    """Word, tag and phrase parts side by side, each column's term, and which
    columns are common words (shipped IDF below COMMON_IDF). `weights`: each
    phrase's (keyphrases.py; default: the shipped table)."""
    words, word_terms, common = _word_and_tag_part(papers, features, idf)
    phrases, phrase_terms = _phrase_part(phrases, weights or shipped_weights())
    matrix = hstack([words, phrases], format="csr").tocsr()
    matrix.sort_indices()
    common = np.concatenate([common, np.zeros(phrases.shape[1], dtype=bool)])
    return matrix, np.concatenate([word_terms, phrase_terms]), common


def relate_papers(
    papers: list[Paper],
    features: Features,
    lsa: np.ndarray | None = None,
    idf: IdfTable | None = None,
    phrases: list[list[str]] | None = None,
    k: int = TOP_K,
    weights: PhraseWeights | None = None,
) -> None:
    """Fill `paper.related`. `features` holds each paper's word and bigram counts;
    `lsa` its unit-length LSA vector (lsa.py), one row per paper, if any; `idf` the
    area model's vocabulary and IDF (terms it lacks, or all without it: OOV_IDF);
    `phrases` each paper's key phrases (computed here if not given), `weights`
    how much each phrase counts (default: the shipped table, keyphrases.py)."""
    for p in papers:
        p.related = []
    n = len(papers)
    if n < 2:
        return
    if phrases is None:
        phrases = paper_phrases(papers)
    matrix, terms, common = sparse_vectors(papers, features, idf, phrases, weights)
    tie = np.argsort(np.argsort([p.slug for p in papers], kind="stable"))  # slug rank
    k = min(k, n - 1)
    pairs: list[tuple[int, int]] = []
    for rows, columns, scores in _scored_candidates(matrix, common, lsa):
        # Deterministic order: paper, then score descending, then slug.
        order = np.lexsort((tie[columns], -scores, rows))
        rows, columns, scores = rows[order], columns[order], scores[order]
        first = np.searchsorted(rows, rows)  # where each paper's candidates start
        best = (np.arange(len(rows)) - first < k) & (scores > 0)
        pairs += zip(rows[best].tolist(), columns[best].tolist(), strict=True)
    for (i, j), why in zip(pairs, shared_terms(matrix, pairs, terms), strict=True):
        papers[i].related.append(Related(papers[j].slug, why))


def _scored_candidates(
    matrix: csr_matrix, common: np.ndarray, lsa: np.ndarray | None
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per block of papers: (paper, candidate, score) arrays, self-pairs removed.

    Candidates are each paper's CANDIDATES highest dot products over the columns
    that are not common words, from sparse_dot_topn (C++, two threads, never the
    dense N x N product). Common words (a few hundred columns, in most papers)
    were most of that product's work, growing as N squared, yet rarely decide
    who is a neighbour. Each candidate's score is then made exact: plus the dot
    product of its common-word columns, plus LSA_WEIGHT x the LSA cosine.
    A paper whose rare part finds fewer than TOP_K candidates takes them from
    the whole vector instead.
    """
    n = matrix.shape[0]
    by_column = matrix.tocsc()
    rare = by_column[:, np.flatnonzero(~common)].tocsr()
    usual = by_column[:, np.flatnonzero(common)].tocsr()
    del by_column
    # Transposed once, row-major: given rare.T, sp_matmul_topn converts it on every call.
    rare_t = rare.T.tocsr()
    for start in range(0, n, BLOCK):
        top = sp_matmul_topn(
            rare[start : start + BLOCK], rare_t, top_n=CANDIDATES + 1, n_threads=WORKERS
        )
        rows, columns, scores = _triples(top, np.arange(start, start + top.shape[0]))
        scores = scores + _pair_dots(usual, rows, columns)
        few = np.flatnonzero(np.diff(top.indptr) < TOP_K + 1) + start  # + 1: itself
        if len(few):
            whole = sp_matmul_topn(matrix[few], matrix.T, top_n=CANDIDATES + 1, n_threads=WORKERS)
            keep = ~np.isin(rows, few)
            more = _triples(whole, few)
            rows = np.concatenate([rows[keep], more[0]])
            columns = np.concatenate([columns[keep], more[1]])
            scores = np.concatenate([scores[keep], more[2]])
        if lsa is not None:
            scores = scores + LSA_WEIGHT * _lsa_dots(lsa, rows, columns)
        # Rounded so that float noise never reorders neighbours (ties go by slug).
        yield rows, columns, np.round(scores, SCORE_DECIMALS)


def _triples(top: csr_matrix, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(paper, candidate, score) of each entry, row r being paper ids[r]; a paper
    paired with itself left out."""
    rows = np.repeat(ids, np.diff(top.indptr))
    columns, scores = top.indices.astype(np.int64), top.data.astype(np.float64)
    keep = columns != rows
    return rows[keep], columns[keep], scores[keep]


def _pair_dots(matrix: csr_matrix, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Row i of `matrix` dotted with row j, for each pair (rows[k], columns[k]),
    PAIR_CHUNK pairs at a time: a block's 330,000 pairs gathered at once took
    about 500 MB, most of the generator's peak memory."""
    if matrix.shape[1] == 0 or not len(rows):
        return np.zeros(len(rows))
    dots = np.empty(len(rows))
    for start in range(0, len(rows), PAIR_CHUNK):
        span = slice(start, start + PAIR_CHUNK)
        products = matrix[rows[span]].multiply(matrix[columns[span]])
        dots[span] = np.asarray(products.sum(axis=1), dtype=np.float64).ravel()
    return dots


def _lsa_dots(lsa: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """The LSA cosine of each pair (unit rows), PAIR_CHUNK pairs at a time."""
    dots = np.empty(len(rows), dtype=lsa.dtype)
    for start in range(0, len(rows), PAIR_CHUNK):
        span = slice(start, start + PAIR_CHUNK)
        dots[span] = np.einsum("ij,ij->i", lsa[rows[span]], lsa[columns[span]])
    return dots


def shared_terms(
    matrix: csr_matrix, pairs: list[tuple[int, int]], terms: np.ndarray
) -> list[tuple[str, ...]]:
    """Per pair, the terms that contribute most to its similarity (the "why")."""
    explainable: dict[int, bool] = {}
    whys: list[tuple[str, ...]] = []
    for start in range(0, len(pairs), WHY_CHUNK):  # bounded memory: rows are gathered
        chunk = pairs[start : start + WHY_CHUNK]
        whys += _chunk_terms(matrix, chunk, terms, explainable)
    return whys


def _chunk_terms(
    matrix: csr_matrix,
    pairs: list[tuple[int, int]],
    terms: np.ndarray,
    explainable: dict[int, bool],
) -> list[tuple[str, ...]]:
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
