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

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.preprocessing import normalize
from sparse_dot_topn import sp_matmul_topn

from generator.enrich.areas import make_count_vectorizer
from generator.enrich.features import Features
from generator.enrich.keyphrases import (
    DOMAIN_STOP,
    PhraseTable,
    PhraseWeights,
    paper_phrases,
    shipped_weights,
)
from generator.enrich.related_cache import Candidates, RelatedCache, Reuse, vector_key
from generator.paper import Paper, Related

TOP_K = 5
WHY_TERMS = 3
BLOCK = 8192  # papers per sparse_dot_topn call: bounds the memory of one call
CANDIDATES = 40  # per paper, by the sparse parts; re-ranked with the LSA term
SLACK = 8  # more asked of sparse_dot_topn, so that a tie at the last place shows
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
        ours = features.vocabulary  # the shorter loop: the model's 120,000 terms
        found = [(ours[t], j) for t, j in columns.items() if t in ours]
        if found:
            here, there = np.array(found).T
            weights[here] = values[there]
    words = features.counts.astype(np.float32)  # columns in term order (term_table.py)
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


def _phrase_part(phrases: PhraseTable, weights: PhraseWeights) -> tuple[csr_matrix, np.ndarray]:
    counts = phrases.counts()  # columns already in term order
    terms = np.array(phrases.terms, dtype=object)
    values = np.array(weights.weights(phrases.terms), dtype=np.float32)
    counts = counts.multiply(values).tocsr() if len(values) else counts
    return _unit_rows(counts) * np.sqrt(PHRASE_WEIGHT), terms


def _unit_rows(matrix: csr_matrix) -> csr_matrix:
    """L2-normalised rows (a matrix with no column stays as it is), each row's norm
    summed in column order."""
    matrix = matrix.tocsr()
    matrix.sort_indices()
    return normalize(matrix).tocsr() if matrix.shape[1] else matrix


def sparse_vectors(
    papers: list[Paper],
    features: Features,
    idf: IdfTable | None,
    phrases: PhraseTable | list[list[str]],
    weights: PhraseWeights | None = None,
) -> tuple[csr_matrix, np.ndarray, np.ndarray]:
    """Word, tag and phrase parts side by side, each column's term, and which
    columns are common words (shipped IDF below COMMON_IDF). `weights`: each
    phrase's (keyphrases.py; default: the shipped table)."""
    words, word_terms, common = _word_and_tag_part(papers, features, idf)
    if not isinstance(phrases, PhraseTable):
        phrases = PhraseTable.from_lists(phrases)
    part, phrase_terms = _phrase_part(phrases, weights or shipped_weights())
    matrix = hstack([words, part], format="csr").tocsr()
    matrix.sort_indices()
    common = np.concatenate([common, np.zeros(part.shape[1], dtype=bool)])
    return matrix, np.concatenate([word_terms, phrase_terms]), common


def relate_papers(
    papers: list[Paper],
    features: Features,
    lsa: np.ndarray | None = None,
    idf: IdfTable | None = None,
    phrases: PhraseTable | list[list[str]] | None = None,
    k: int = TOP_K,
    weights: PhraseWeights | None = None,
    cache: RelatedCache | None = None,
) -> None:
    """Fill `paper.related`. `features` holds each paper's word and bigram counts;
    `lsa` its unit-length LSA vector (lsa.py), one row per paper, if any; `idf` the
    area model's vocabulary and IDF (terms it lacks, or all without it: OOV_IDF);
    `phrases` each paper's key phrases (computed here if not given), `weights`
    how much each phrase counts (default: the shipped table, keyphrases.py).
    `cache`: the previous build's candidates (related_cache.py), so that only new
    or changed papers are compared with every paper; the lists are the same."""
    for p in papers:
        p.related = []
    n = len(papers)
    if n < 2:
        return
    if phrases is None:
        phrases = paper_phrases(papers)
    matrix, terms, common = sparse_vectors(papers, features, idf, phrases, weights)
    space = _Space(matrix, common, lsa)
    slugs = [p.slug for p in papers]
    rank = np.argsort(np.argsort(slugs, kind="stable"))
    keys = [vector_key(p) for p in papers] if cache is not None else []
    kept = cache.reuse(slugs, keys) if cache is not None else Reuse.nothing(n)
    table, redo = _candidate_table(space, rank, kept)
    k = min(k, n - 1)
    mine = np.flatnonzero(redo[table.rows])  # rows whose candidates are not the kept ones
    rows, columns, scores = table.rows[mine], table.columns[mine], table.scores[mine]
    order = np.lexsort((rank[columns], -scores, rows))
    rows, columns, scores = rows[order], columns[order], scores[order]
    first = np.searchsorted(rows, rows)  # where each paper's candidates start
    best = (np.arange(len(rows)) - first < k) & (scores > 0)
    rows, columns = rows[best], columns[best]
    whys = kept.whys(rows, columns)
    missing = [i for i, why in enumerate(whys) if why is None]
    pairs = list(zip(rows[missing].tolist(), columns[missing].tolist(), strict=True))
    for i, why in zip(missing, shared_terms(matrix, pairs, terms), strict=True):
        whys[i] = why
    rows, columns, whys = kept.with_kept_pairs(~redo, rows, columns, whys)
    for i, j, why in zip(rows.tolist(), columns.tolist(), whys, strict=True):
        papers[i].related.append(Related(papers[j].slug, why))
    if cache is not None:
        cache.save(slugs, keys, table, rows, columns, whys)


class _Space:
    """The papers' vectors split for the candidate search: `rare` (the columns that
    are not common words), `usual` (those that are), and the LSA rows."""

    def __init__(self, matrix: csr_matrix, common: np.ndarray, lsa: np.ndarray | None) -> None:
        self.matrix = matrix
        self.rare = _columns(matrix, ~common)
        self.usual = _columns(matrix, common)
        # Transposed once, row-major: given rare.T, sp_matmul_topn converts it on every call.
        self.rare_t = self.rare.T.tocsr()
        self.lsa = lsa

    def scores(self, rows: np.ndarray, columns: np.ndarray, base: np.ndarray, usual: bool = True):
        """Each pair's score in hundredths (np.round(score, 2) x 100): `base` (its
        dot product over the rare columns, or the whole vector), plus the common
        words' dot product, plus LSA_WEIGHT x the LSA cosine. Rounded so that float
        noise never reorders neighbours (ties go by slug)."""
        total = base.astype(np.float64)
        if usual:
            total = total + _pair_dots(self.usual, rows, columns)
        if self.lsa is not None:
            total = total + LSA_WEIGHT * _lsa_dots(self.lsa, rows, columns)
        return np.rint(total * 10**SCORE_DECIMALS).astype(np.int32)


def _columns(matrix: csr_matrix, chosen: np.ndarray) -> csr_matrix:
    """The `chosen` columns of a CSR matrix, renumbered, each row's order kept
    (a mask over its entries: at 100,000 papers 2 s faster than via CSC)."""
    keep = chosen[matrix.indices]
    kept_before = np.zeros(len(keep) + 1, dtype=np.int64)
    np.cumsum(keep, out=kept_before[1:])
    indptr = kept_before[matrix.indptr]  # entries kept before each row's start
    number = np.cumsum(chosen) - 1
    indices = number[matrix.indices[keep]]
    shape = (matrix.shape[0], int(chosen.sum()))
    return csr_matrix((matrix.data[keep], indices, indptr), shape=shape)


def _candidate_table(space: _Space, rank: np.ndarray, kept: Reuse) -> tuple[Candidates, np.ndarray]:
    """Every paper's candidates: its CANDIDATES best other papers by the rare part
    (then by slug), each with its whole score, sorted by paper; and per paper, whether
    they differ from the kept ones (its related papers must then be chosen again).

    Papers the previous build left candidates for (`kept.clean`) are compared with
    the new and changed papers only (`kept.changed`): their best are among their
    old best and those. Every other paper is compared with all (`_fresh_candidates`).
    """
    fresh = np.flatnonzero(~kept.clean)
    clean = np.flatnonzero(kept.clean)
    changed = np.flatnonzero(kept.changed)
    old = kept.candidates
    found = []
    if len(clean) and len(changed):
        changed_t = space.rare_t[:, changed].tocsr()
        for start in range(0, len(clean), BLOCK):
            block = clean[start : start + BLOCK]
            rows, columns, rare = _best_rare(space.rare[block], changed_t, block, rank, changed)
            enter = _beats_the_last(old, rows, columns, rare, rank)
            rows, columns, rare = rows[enter], columns[enter], rare[enter]
            found.append(Candidates(rows, columns, rare, space.scores(rows, columns, rare)))
    new = Candidates.join(found)
    redo = np.zeros(len(rank), dtype=bool)
    redo[fresh] = True
    redo[new.rows] = True  # a new or changed paper is among its best now
    touched = redo[old.rows]
    merged = Candidates.join([old.take(np.flatnonzero(touched)), new])
    order = np.lexsort((rank[merged.columns], -merged.rare, merged.rows))
    merged = merged.take(order)
    first = np.searchsorted(merged.rows, merged.rows)
    merged = merged.take(np.flatnonzero(np.arange(len(merged.rows)) - first < CANDIDATES))
    parts = [_fresh_candidates(space, fresh, rank), old.take(np.flatnonzero(~touched)), merged]
    table = Candidates.join(parts)  # each paper's candidates come from one part, in order
    return table.take(np.argsort(table.rows, kind="stable")), redo


def _beats_the_last(
    old: Candidates, rows: np.ndarray, columns: np.ndarray, rare: np.ndarray, rank: np.ndarray
) -> np.ndarray:
    """Which pairs (rows[i], columns[i]) enter their paper's kept candidates (`old`,
    sorted by paper, best first): those whose paper has fewer than CANDIDATES, and
    those ahead of its last by product, then slug."""
    start = np.searchsorted(old.rows, rows)
    end = np.searchsorted(old.rows, rows, side="right")
    enter = end - start < CANDIDATES
    last = np.maximum(end - 1, 0)
    if len(old.rows):
        last_rare, last_rank = old.rare[last], rank[old.columns[last]]
        ahead = (rare > last_rare) | ((rare == last_rare) & (rank[columns] < last_rank))
        enter |= ahead
    return enter


def _fresh_candidates(space: _Space, ids: np.ndarray, rank: np.ndarray) -> Candidates:
    """Candidates of the papers `ids`, compared with every paper, BLOCK at a time.

    Candidates are each paper's CANDIDATES highest dot products over the columns
    that are not common words, from sparse_dot_topn (C++, two threads, never the
    dense N x N product). Common words (a few hundred columns, in most papers)
    were most of that product's work, growing as N squared, yet rarely decide
    who is a neighbour. Each candidate's score is then made exact (`_Space.scores`).
    A paper whose rare part finds fewer than TOP_K candidates takes them from
    the whole vector instead (it is "few", and always compared afresh).
    """
    found: list[Candidates] = []
    for start in range(0, len(ids), BLOCK):
        block = ids[start : start + BLOCK]
        rows, columns, rare = _best_rare(space.rare[block], space.rare_t, block, rank)
        counts = np.bincount(np.searchsorted(block, rows), minlength=len(block))
        few = block[counts < TOP_K]
        if len(few):
            keep = ~np.isin(rows, few)
            rows, columns, rare = rows[keep], columns[keep], rare[keep]
        found.append(Candidates(rows, columns, rare, space.scores(rows, columns, rare), few))
        if len(few):
            whole = _best_rare(space.matrix[few], space.matrix.T.tocsr(), few, rank)
            scores = space.scores(*whole, usual=False)
            found.append(Candidates(*whole, scores, np.zeros(0, np.int64)))
    return Candidates.join(found)


def _best_rare(
    left: csr_matrix,
    right_t: csr_matrix,
    ids: np.ndarray,
    rank: np.ndarray,
    columns: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(paper, candidate, dot product) of each row's CANDIDATES best positive dot
    products with the papers of `right_t` (its columns; `columns`: their ids), by
    product, then slug; row r is paper ids[r], never paired with itself.

    sparse_dot_topn keeps the top n of each row while it multiplies, but which of
    several equal products at the last place it keeps is its own choice. So it is
    asked for SLACK more, and a row whose last kept product equals the last it
    returned (a tie may have been cut) is multiplied out whole. The set is then
    the same whoever else is in the collection.
    """
    ask = min(CANDIDATES + 1 + SLACK, right_t.shape[1])
    top = sp_matmul_topn(left, right_t, top_n=ask, n_threads=WORKERS)
    rows, found, rare = _chosen(top, ids, rank, columns)
    counts = np.diff(top.indptr)
    if ask < right_t.shape[1] and np.any(counts == ask):
        lowest = np.full(len(ids), np.inf, dtype=np.float32)
        nonempty = np.flatnonzero(counts)
        lowest[nonempty] = np.minimum.reduceat(top.data, top.indptr[:-1][nonempty])
        last = np.full(len(ids), -np.inf, dtype=np.float32)
        ends = np.searchsorted(rows, ids, side="right") - 1
        full = np.bincount(np.searchsorted(ids, rows), minlength=len(ids)) == CANDIDATES
        last[full] = rare[ends[full]]
        redo = np.flatnonzero((counts == ask) & (lowest >= last))
        if len(redo):
            whole = sp_matmul_topn(left[redo], right_t, top_n=right_t.shape[1], n_threads=WORKERS)
            again = _chosen(whole, ids[redo], rank, columns)
            keep = ~np.isin(rows, ids[redo])
            rows = np.concatenate([rows[keep], again[0]])
            found = np.concatenate([found[keep], again[1]])
            rare = np.concatenate([rare[keep], again[2]])
            order = np.lexsort((rank[found], -rare, rows))
            rows, found, rare = rows[order], found[order], rare[order]
    return rows, found, rare


def _chosen(
    top: csr_matrix, ids: np.ndarray, rank: np.ndarray, columns: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's CANDIDATES best positive entries of `top`, sorted by row, then
    product (descending), then slug."""
    rows, found, rare = _triples(top, ids, columns)
    positive = rare > 0
    rows, found, rare = rows[positive], found[positive], rare[positive]
    order = np.lexsort((rank[found], -rare, rows))
    rows, found, rare = rows[order], found[order], rare[order]
    first = np.searchsorted(rows, rows)
    keep = np.arange(len(rows)) - first < CANDIDATES
    return rows[keep], found[keep], rare[keep]


def _triples(
    top: csr_matrix, ids: np.ndarray, columns: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(paper, candidate, product) of each entry, row r being paper ids[r] and
    column c paper columns[c]; a paper paired with itself left out."""
    rows = np.repeat(ids, np.diff(top.indptr))
    found = top.indices.astype(np.int64)
    if columns is not None:
        found = columns[found]
    keep = found != rows
    return rows[keep], found[keep], top.data[keep].astype(np.float32)


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
