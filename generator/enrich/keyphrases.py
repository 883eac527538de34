"""Key phrases of a paper, and how much each one says about what a paper is about.

Candidates: the text is cut at punctuation and English stop words; each run of
words left is trimmed of the abstract filler at its ends (DOMAIN_STOP: "we
propose a novel framework ..."), and kept when two to five words remain and not
all of them are filler. "Large language models" and "reinforcement learning"
stay whole, though "large", "models" and "learning" alone say little.

Weights: the share of papers in which a phrase, when it appears, is one of
Hugging Face's `ai_keywords`, smoothed towards the overall share, then square
rooted (keyphrase_training.py fits it on one half of the shared HF papers and
chooses the smoothing and the power by cross-validation inside that half; the
other half only reports). A phrase the table lacks gets its `default`.
The table is fixed data: a paper's phrase weights depend on that paper alone.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from generator.enrich.term_table import sorted_table
from generator.paper import Paper

MIN_WORDS, MAX_WORDS = 2, 5
_CHUNKS = re.compile(r"[^a-z0-9\- ]+")
WEIGHTS_FILE = Path(__file__).resolve().parent.parent / "data" / "keyphrase_weights.tsv.gz"

# Words too common in abstracts to say what a paper is about: trimmed from the
# ends of a phrase, and never *explain* why two papers are related (related.py;
# they still count towards word similarity: filtering them there made
# neighbours worse).
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
# Filler words that still belong to a phrase at its start ("large language models",
# "deep reinforcement learning") or at its end ("graph neural networks").
KEEP_FIRST = frozenset({"large", "deep", "neural"})
KEEP_LAST = frozenset({"learning", "model", "models", "network", "networks", "data"})


def key_phrases(text: str, stop: frozenset[str] = DOMAIN_STOP) -> list[str]:
    """Distinct phrases of `text`, sorted (deterministic, independent of other papers)."""
    found: set[str] = set()
    for chunk in _CHUNKS.split(text.lower()):
        run: list[str] = []
        for word in [*chunk.split(), ""]:
            if word and word not in ENGLISH_STOP_WORDS:
                run.append(word)
                continue
            phrase = _trimmed(run, stop)
            if MIN_WORDS <= len(phrase) <= MAX_WORDS and not stop.issuperset(phrase):
                found.add(" ".join(phrase))
            run = []
    return sorted(found)


def _trimmed(run: list[str], stop: frozenset[str]) -> list[str]:
    start, end = 0, len(run)
    while start < end and run[start] in stop and run[start] not in KEEP_FIRST:
        start += 1
    while end > start and run[end - 1] in stop and run[end - 1] not in KEEP_LAST:
        end -= 1
    return run[start:end]


def paper_phrases(papers: list[Paper]) -> list[list[str]]:
    """Each paper's key phrases, from its title and abstract."""
    return [key_phrases(f"{p.title}. {p.abstract}") for p in papers]


SEPARATOR = "\n"  # between phrases in a joined table: never inside one (_CHUNKS)


@dataclass
class PhraseTable:
    """Every paper's key phrases as ids into one table of distinct phrases, sorted:
    row i's ids are `ids[indptr[i]:indptr[i + 1]]`. Compact to store, cheap to send
    from one process to another (the table goes as one string), and its columns are
    already in the order related.py needs. Only phrases some row uses are listed."""

    terms: list[str]
    indptr: np.ndarray  # int64, one more than the rows
    ids: np.ndarray  # int32

    @classmethod
    def from_lists(cls, phrases: Iterable[Sequence[str]]) -> PhraseTable:
        table: dict[str, int] = {}
        add = table.setdefault
        rows = [[add(p, len(table)) for p in row] for row in phrases]
        return cls.compact(list(table), rows)

    @classmethod
    def compact(cls, table: list[str], rows: Sequence[Sequence[int] | np.ndarray]) -> PhraseTable:
        """Rows of ids into `table` (any order, unused entries allowed) as a table of
        the used phrases, sorted, with the ids renumbered to match."""
        lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        parts = [np.asarray(r, dtype=np.int32) for r in rows]
        terms, ids = sorted_table(table, np.concatenate(parts) if parts else np.zeros(0, np.int32))
        return cls(terms, indptr, ids)

    def row(self, i: int) -> np.ndarray:
        return self.ids[self.indptr[i] : self.indptr[i + 1]]

    def counts(self) -> csr_matrix:
        """Rows x phrases, how often each phrase is in the row's list."""
        data = np.ones(len(self.ids), dtype=np.float32)
        shape = (len(self.indptr) - 1, len(self.terms))
        matrix = csr_matrix((data, self.ids.astype(np.int64), self.indptr), shape=shape)
        matrix.sum_duplicates()
        return matrix

    def __getstate__(self) -> tuple[str, np.ndarray, np.ndarray]:
        return SEPARATOR.join(self.terms), self.indptr, self.ids

    def __setstate__(self, state: tuple[str, np.ndarray, np.ndarray]) -> None:
        joined, self.indptr, self.ids = state
        self.terms = joined.split(SEPARATOR) if joined else []


@dataclass(frozen=True)
class PhraseWeights:
    default: float = 1.0
    table: dict[str, float] = field(default_factory=dict)

    def weight(self, phrase: str) -> float:
        return self.table.get(phrase, self.default)

    def weights(self, phrases: Iterable[str]) -> list[float]:
        get, default = self.table.get, self.default
        return [get(p, default) for p in phrases]

    def dump(self, path: Path) -> None:
        """`# default<TAB>w`, then `phrase<TAB>w` sorted by phrase: byte-identical per table."""
        lines = [f"# default\t{self.default:.4f}"]
        lines += [f"{p}\t{w:.4f}" for p, w in sorted(self.table.items())]
        with gzip.GzipFile(path, "wb", mtime=0) as handle:
            handle.write(("\n".join(lines) + "\n").encode("utf-8"))

    @classmethod
    def load(cls, path: Path) -> PhraseWeights:
        default, table = 1.0, {}
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                phrase, _, value = line.rstrip("\n").rpartition("\t")
                try:
                    weight = float(value)
                except ValueError:
                    raise ValueError(f"{path}:{number}: not 'phrase<TAB>weight'") from None
                if phrase == "# default":
                    default = weight
                else:
                    table[phrase] = weight
        return cls(default, table)


@lru_cache(maxsize=1)
def shipped_weights() -> PhraseWeights:
    """The shipped table; every phrase alike (1.0) where it is missing."""
    return PhraseWeights.load(WEIGHTS_FILE) if WEIGHTS_FILE.exists() else PhraseWeights()
