"""Each paper's own text analysis, kept between builds: tag evidence, topic scores
and key phrases.

They depend on the paper's title, abstract and keywords, the tag vocabulary, the
taxonomy and the code, nothing else; enrichment worked them out for every paper on
every build (about 5 s of the side process's CPU at 10,000 papers, the longer of
enrichment's two processes). They are stored by a digest of the paper's text in
one `.npz` file beside the page cache, which each build rewrites with its own
papers only, so it never outgrows the collection: key phrases as ids into one
sorted table of phrases (keyphrases.PhraseTable), the rest as one JSON text. A file
written for other code or data files is ignored. `tests/test_text_cache.py` checks
that enrichment from stored entries equals enrichment from scratch.

The phrases were most of the store: kept as JSON lists of strings, loading,
saving and sending them from the side process took about 12 s of a 100,000-paper
rebuild (docs/benchmarks.md).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from generator.code import code_digest
from generator.enrich.keyphrases import SEPARATOR, PhraseTable
from generator.enrich.npz_store import blob, save_npz, text
from generator.paper import Paper

# [ranked vocabulary tags, [[name, count]], [[topic, score]]], as JSON keeps them
Analysis = list


def text_key(paper: Paper) -> str:
    text = "\0".join((paper.title, paper.abstract, "\x1f".join(paper.keywords)))
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def data_version(*data_files: Path) -> str:
    """The code and the data files the entries were made with."""
    h = hashlib.sha1(code_digest().encode())
    for path in data_files:
        h.update(path.read_bytes())
    return h.hexdigest()


def _no_phrases() -> PhraseTable:
    return PhraseTable([], np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int32))


@dataclass
class Stored:
    keys: dict[str, int] = field(default_factory=dict)  # text key -> row
    analyses: list[Analysis] = field(default_factory=list)  # per row
    phrases: PhraseTable = field(default_factory=_no_phrases)  # per row


class TextCache:
    """`path`: the .npz file (None: keep nothing); `version`: see `data_version`."""

    def __init__(self, path: Path | None, version: str = "") -> None:
        self.path = path
        self.version = version

    def load(self) -> Stored:
        if self.path is None or not self.path.exists():
            return Stored()
        try:
            with np.load(self.path, allow_pickle=False) as data:
                if text(data["version"]) != self.version:
                    return Stored()
                keys = text(data["keys"]).split(SEPARATOR) if data["keys"].size else []
                analyses = json.loads(text(data["analyses"]))
                terms = text(data["phrases"]).split(SEPARATOR) if data["phrases"].size else []
                phrases = PhraseTable(
                    terms, data["indptr"].astype(np.int64), data["ids"].astype(np.int32)
                )
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            return Stored()
        rows = len(phrases.indptr) - 1
        if not (
            isinstance(analyses, list)
            and len(analyses) == len(keys) == rows
            and phrases.indptr[-1] == len(phrases.ids)
            and (not len(phrases.ids) or int(phrases.ids.max()) < len(terms))
        ):
            return Stored()
        return Stored({key: row for row, key in enumerate(keys)}, analyses, phrases)

    def save(self, keys: list[str], analyses: list[Analysis], phrases: PhraseTable) -> None:
        if self.path is None:
            return
        save_npz(
            self.path,
            version=blob(self.version),
            keys=blob(SEPARATOR.join(keys)),
            analyses=blob(json.dumps(analyses, ensure_ascii=False)),
            phrases=blob(SEPARATOR.join(phrases.terms)),
            indptr=phrases.indptr,
            ids=phrases.ids,
        )
        self.path.with_suffix(".json").unlink(missing_ok=True)  # the store's earlier form


def as_counter(pairs: list[tuple[str, int]] | list[tuple[str, float]]) -> Counter:
    """A stored (key, value) list as the Counter it was, in the same order."""
    return Counter(dict(pairs))
