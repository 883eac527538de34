"""Columns in term order: a table of distinct terms, sorted, and ids into it.

related.py sums a pair's shared columns in column order. With columns sorted by
their term, that order depends on the two papers alone, never on the rest of the
collection, so the same two papers get the same score to the last bit in any
collection: what lets a rebuild keep the scores it has (related_cache.py). The
word counts (term_cache.py) and the key phrases (keyphrases.PhraseTable) are kept
this way, so no build sorts or permutes the whole matrix's columns.
"""

from __future__ import annotations

import numpy as np


def sorted_table(table: list[str], flat: np.ndarray) -> tuple[list[str], np.ndarray]:
    """The entries of `table` that `flat` (int ids into it) uses, sorted, and `flat`
    renumbered to match. A table kept sorted between builds, with new terms
    appended, sorts in about linear time (one sorted run and a short one)."""
    used = np.flatnonzero(np.bincount(flat, minlength=len(table)))
    terms = [table[i] for i in used.tolist()]
    order = sorted(range(len(terms)), key=terms.__getitem__)
    remap = np.zeros(len(table), dtype=np.int32)
    remap[used[order]] = np.arange(len(order), dtype=np.int32)
    return [terms[i] for i in order], remap[flat]
