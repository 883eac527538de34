"""Each paper's word and bigram counts, kept between builds.

Tokenising every paper was the largest part of enrichment that depends on one
paper alone (about 3 s at 10,000 papers, on every build). The counts depend on
the paper's title and abstract and on the code, nothing else, so they are kept
by a digest of the paper's text in one `.npz` file beside the page cache: a
table of terms, sorted, and per paper its distinct terms in that order, with
their counts. Only new or edited papers are tokenised.

The count matrix is then put together with numpy, its columns sorted by term
(term_table.py), with or without the file. Each build rewrites the file with its
own papers only, so it never outgrows the collection; a file written by other
code is ignored.
`tests/test_term_cache.py` checks that features from stored counts equal
features from scratch.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

from generator.code import code_digest
from generator.enrich.npz_store import blob, save_npz, text
from generator.enrich.term_table import sorted_table

SEPARATOR = "\n"  # between terms in the stored table: never inside a term


@dataclass
class Stored:
    keys: dict[str, int]  # text key -> row
    table: list[str]  # term id -> term
    indptr: np.ndarray  # row -> its span in ids and counts
    ids: np.ndarray  # term ids, each row's in table order
    counts: np.ndarray


EMPTY = Stored({}, [], np.zeros(1, dtype=np.int64), np.zeros(0, np.int32), np.zeros(0, np.uint16))


class TermCache:
    """`path`: the .npz file (None: keep nothing)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.version = code_digest()

    def load(self) -> Stored:
        if self.path is None or not self.path.exists():
            return EMPTY
        try:
            with np.load(self.path, allow_pickle=False) as data:
                if text(data["version"]) != self.version:
                    return EMPTY
                keys = text(data["keys"]).split(SEPARATOR) if data["keys"].size else []
                table = text(data["table"]).split(SEPARATOR) if data["table"].size else []
                stored = Stored(
                    {key: row for row, key in enumerate(keys)},
                    table,
                    np.asarray(data["indptr"], dtype=np.int64),
                    np.asarray(data["ids"], dtype=np.int32),
                    np.asarray(data["counts"], dtype=np.uint16),
                )
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            return EMPTY
        if len(stored.indptr) != len(keys) + 1 or stored.indptr[-1] != len(stored.ids):
            return EMPTY
        return stored

    def save(self, keys: list[str], table: list[str], indptr, ids, counts) -> None:
        if self.path is None:
            return
        save_npz(
            self.path,
            version=blob(self.version),
            keys=blob(SEPARATOR.join(keys)),
            table=blob(SEPARATOR.join(table)),
            indptr=np.asarray(indptr, dtype=np.int64),
            ids=np.asarray(ids, dtype=np.int32),
            counts=np.minimum(counts, np.iinfo(np.uint16).max).astype(np.uint16),
        )


def assemble(
    keys: list[str], analyse: Callable[[int], list[str]], cache: TermCache
) -> tuple[csr_matrix, list[str]]:
    """Count matrix (rows in `keys` order) and its column terms, sorted (term_table.py).
    `analyse(i)` gives row i's terms, called only for rows the cache does not hold."""
    stored = cache.load()
    table = list(stored.table)
    index: dict[str, int] | None = None
    fresh = np.zeros(len(keys), dtype=bool)
    id_parts: list[np.ndarray] = []
    count_parts: list[np.ndarray] = []
    for i, key in enumerate(keys):
        row = stored.keys.get(key)
        if row is not None:
            span = slice(stored.indptr[row], stored.indptr[row + 1])
            id_parts.append(stored.ids[span])
            count_parts.append(stored.counts[span])
            continue
        if index is None:
            index = {term: n for n, term in enumerate(table)}
        fresh[i] = True
        counted = Counter(analyse(i))  # a dict: terms in order of first appearance
        add = index.setdefault
        id_parts.append(np.array([add(t, len(index)) for t in counted], dtype=np.int32))
        count_parts.append(np.fromiter(counted.values(), dtype=np.uint16, count=len(counted)))
    if index is not None:
        table = list(index)
    lengths = np.fromiter((len(part) for part in id_parts), dtype=np.int64, count=len(keys))
    indptr = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    flat = np.concatenate(id_parts) if id_parts else np.zeros(0, np.int32)
    counts = np.concatenate(count_parts) if count_parts else np.zeros(0, np.uint16)
    terms, indices = sorted_table(table, flat)
    # Stored rows were saved in column order and stay so (the renumbering keeps the
    # stored terms' order); only the rows analysed now need sorting.
    place = np.flatnonzero(np.repeat(fresh, lengths))
    order = np.lexsort((indices[place], np.repeat(np.arange(len(keys)), lengths)[place]))
    indices[place], counts[place] = indices[place][order], counts[place][order]
    cache.save(keys, terms, indptr, indices, counts)
    matrix = csr_matrix(
        (counts.astype(np.float32), indices.astype(np.int64), indptr),
        shape=(len(keys), len(terms)),
    )
    matrix.sort_indices()  # a check that finds every row sorted (has_sorted_indices)
    return matrix, terms
