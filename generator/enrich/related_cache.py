"""Related-paper candidates kept between builds, so a day's rebuild compares only
the day's papers with the collection.

Finding each paper's candidates multiplies every paper with every other: at
100,000 papers about a minute of every build, although a day adds 50 papers.
Yet a paper's vector depends on that paper alone (its text, its tags and the
shipped data), and a pair's score, with the columns in term order, on the two
papers alone, to the last bit (related.py). So a paper that has not changed
keeps its candidates, with their scores: its best candidates now are among its
best before and the new or changed papers. Only those papers are compared with
every paper, and every unchanged paper with them.

A paper is compared afresh when it is new, when its vector changed (its text or
its tags), when one of its kept candidates changed or left, or when it had too
few candidates to use its rare part. The "why" of a pair it kept is kept too.
The lists are the same as a build without the file would make:
`tests/test_related_cache.py` checks that, through additions, edits, removals
and ties. The file is one `.npz` beside the page cache, rewritten each build
with the current papers only, loaded without pickle; a file from other code or
data is ignored.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from generator.enrich.npz_store import blob, save_npz, text
from generator.enrich.text_cache import text_key
from generator.paper import Paper

ROWS, TERMS, PAIRS = "\n", "\x1f", "\x1e"  # separators in the stored text: never in a slug or term


def vector_key(paper: Paper) -> str:
    """What a paper's vector depends on, besides the code and shipped data."""
    joined = text_key(paper) + "\0" + TERMS.join(paper.tags)
    return hashlib.sha1(joined.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class Candidates:
    """Pairs (paper, candidate) with the candidate's rare-part product and its
    whole score in hundredths; `few`: papers whose candidates came from the whole
    vector."""

    rows: np.ndarray
    columns: np.ndarray
    rare: np.ndarray
    scores: np.ndarray
    few: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    @classmethod
    def empty(cls) -> Candidates:
        none = np.zeros(0, np.int64)
        return cls(none, none, np.zeros(0, np.float32), np.zeros(0, np.int32))

    @classmethod
    def join(cls, parts: list[Candidates]) -> Candidates:
        if not parts:
            return cls.empty()
        return cls(
            np.concatenate([p.rows for p in parts]).astype(np.int64),
            np.concatenate([p.columns for p in parts]).astype(np.int64),
            np.concatenate([p.rare for p in parts]).astype(np.float32),
            np.concatenate([p.scores for p in parts]).astype(np.int32),
            np.concatenate([p.few for p in parts]).astype(np.int64),
        )

    def take(self, index: np.ndarray) -> Candidates:
        return Candidates(
            self.rows[index], self.columns[index], self.rare[index], self.scores[index], self.few
        )


@dataclass
class Reuse:
    """What this build takes from the previous one, in this build's numbering."""

    clean: np.ndarray  # per paper: its kept candidates hold
    changed: np.ndarray  # per paper: new, or its vector is not the one kept
    candidates: Candidates  # the clean papers' kept candidates, by paper
    pair_rows: np.ndarray  # the clean papers' kept related pairs, by paper, best first
    pair_columns: np.ndarray
    pair_whys: list[tuple[str, ...]]  # their "why" terms

    @classmethod
    def nothing(cls, n: int) -> Reuse:
        none = np.zeros(n, bool)
        return cls(
            none, ~none, Candidates.empty(), np.zeros(0, np.int64), np.zeros(0, np.int64), []
        )

    def whys(self, rows: np.ndarray, columns: np.ndarray) -> list[tuple[str, ...] | None]:
        """The kept "why" of each pair (paper rows[i], neighbour columns[i]), or None."""
        found: list[tuple[str, ...] | None] = [None] * len(rows)
        if not len(self.pair_rows) or not len(rows):
            return found
        n = len(self.clean)
        codes = self.pair_rows * n + self.pair_columns
        order = np.argsort(codes)
        wanted = rows.astype(np.int64) * n + columns
        at = np.minimum(np.searchsorted(codes, wanted, sorter=order), len(codes) - 1)
        for i in np.flatnonzero(codes[order[at]] == wanted).tolist():
            found[i] = self.pair_whys[order[at[i]]]
        return found

    def with_kept_pairs(
        self, untouched: np.ndarray, rows: np.ndarray, columns: np.ndarray, whys: list
    ) -> tuple[np.ndarray, np.ndarray, list[tuple[str, ...]]]:
        """The pairs (rows, columns, whys), sorted by paper, with the kept pairs of the
        `untouched` papers (whose candidates are the kept ones) added in their order."""
        mine = np.flatnonzero(untouched[self.pair_rows])
        all_rows = np.concatenate([self.pair_rows[mine], rows]).astype(np.int64)
        all_columns = np.concatenate([self.pair_columns[mine], columns]).astype(np.int64)
        all_whys = [self.pair_whys[i] for i in mine.tolist()] + list(whys)
        order = np.argsort(all_rows, kind="stable")
        return all_rows[order], all_columns[order], [all_whys[i] for i in order.tolist()]


@dataclass
class _Stored:
    slugs: list[str]
    keys: list[str]
    few: np.ndarray
    indptr: np.ndarray
    columns: np.ndarray
    rare: np.ndarray
    scores: np.ndarray
    related_ptr: np.ndarray
    related: np.ndarray
    whys: list[tuple[str, ...]]


class RelatedCache:
    """`path`: the .npz file; `version`: the code and shipped data it holds results of."""

    def __init__(self, path: Path, version: str, small: int) -> None:
        """`small`: collections of at most this many papers keep nothing (each paper's
        number of related papers depends on it)."""
        self.path, self.version, self.small = path, version, small

    def reuse(self, slugs: list[str], keys: list[str]) -> Reuse:
        n = len(slugs)
        stored = self._load()
        if stored is None or min(n, len(stored.slugs)) <= self.small:
            return Reuse.nothing(n)  # a collection so small that fewer are related
        index = {slug: i for i, slug in enumerate(slugs)}
        old = len(stored.slugs)
        to_new = np.full(old, -1, dtype=np.int64)
        for r, (slug, key) in enumerate(zip(stored.slugs, stored.keys, strict=True)):
            i = index.get(slug)
            if i is not None and keys[i] == key:
                to_new[r] = i  # the same paper, with the same vector
        owner = to_new[np.repeat(np.arange(old), np.diff(stored.indptr))]
        target = to_new[stored.columns]
        changed = np.ones(n, dtype=bool)
        changed[to_new[to_new >= 0]] = False
        clean = ~changed
        clean[to_new[stored.few & (to_new >= 0)]] = False  # its candidates are the whole vector's
        clean[owner[(owner >= 0) & (target < 0)]] = False  # a kept candidate changed or left
        keep = np.flatnonzero(owner >= 0)
        keep = keep[clean[owner[keep]]]
        candidates = Candidates(owner[keep], target[keep], stored.rare[keep], stored.scores[keep])
        pair_rows = to_new[np.repeat(np.arange(old), np.diff(stored.related_ptr))]
        pair_columns = to_new[stored.related]
        valid = np.flatnonzero((pair_rows >= 0) & (pair_columns >= 0))
        valid = valid[clean[pair_rows[valid]]]
        whys = [stored.whys[i] for i in valid.tolist()]
        return Reuse(clean, changed, candidates, pair_rows[valid], pair_columns[valid], whys)

    def save(
        self,
        slugs: list[str],
        keys: list[str],
        table: Candidates,
        rows: np.ndarray,
        columns: np.ndarray,
        whys: list[tuple[str, ...]],
    ) -> None:
        """`table`: every paper's candidates, sorted by paper; `rows`, `columns`,
        `whys`: the related pairs, sorted by paper."""
        n = len(slugs)
        few = np.zeros(n, dtype=bool)
        few[table.few] = True
        save_npz(
            self.path,
            version=blob(self.version),
            slugs=blob(ROWS.join(slugs)),
            keys=blob(ROWS.join(keys)),
            few=few,
            indptr=_pointers(table.rows, n),
            columns=table.columns.astype(np.int32),
            rare=table.rare.astype(np.float32),
            scores=table.scores.astype(np.int32),
            related_ptr=_pointers(rows, n),
            related=np.asarray(columns, dtype=np.int32),
            whys=blob(PAIRS.join(TERMS.join(why) for why in whys)),
            pairs=np.array([len(whys)], dtype=np.int64),
        )

    def _load(self) -> _Stored | None:
        if not self.path.exists():
            return None
        try:
            with np.load(self.path, allow_pickle=False) as data:
                if text(data["version"]) != self.version:
                    return None
                count = int(data["pairs"][0])
                whys = text(data["whys"]).split(PAIRS) if count else []
                stored = _Stored(
                    _lines(data["slugs"]),
                    _lines(data["keys"]),
                    data["few"].astype(bool),
                    data["indptr"].astype(np.int64),
                    data["columns"].astype(np.int64),
                    data["rare"].astype(np.float32),
                    data["scores"].astype(np.int32),
                    data["related_ptr"].astype(np.int64),
                    data["related"].astype(np.int64),
                    [tuple(w.split(TERMS)) if w else () for w in whys],
                )
        except (OSError, ValueError, KeyError, IndexError, EOFError, zipfile.BadZipFile):
            return None
        n = len(stored.slugs)
        consistent = (
            len(stored.keys) == n == len(stored.few)
            and len(stored.indptr) == n + 1 == len(stored.related_ptr)
            and stored.indptr[-1] == len(stored.columns) == len(stored.rare) == len(stored.scores)
            and stored.related_ptr[-1] == len(stored.related) == len(stored.whys) == count
            and (not len(stored.columns) or 0 <= stored.columns.min() <= stored.columns.max() < n)
            and (not len(stored.related) or 0 <= stored.related.min() <= stored.related.max() < n)
        )
        return stored if consistent else None


def _pointers(rows: np.ndarray, n: int) -> np.ndarray:
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(np.asarray(rows, dtype=np.int64), minlength=n), out=indptr[1:])
    return indptr


def _lines(data: np.ndarray) -> list[str]:
    return text(data).split(ROWS) if data.size else []
