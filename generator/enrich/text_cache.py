"""Each paper's own text analysis, kept between builds: tag evidence, topic scores
and key phrases.

They depend on the paper's title, abstract and keywords, the tag vocabulary, the
taxonomy and the code, nothing else; enrichment worked them out for every paper on
every build (about 5 s of the side process's CPU at 10,000 papers, the longer of
enrichment's two processes). They are stored by a digest of the paper's text in
one JSON file beside the page cache, which each build rewrites with its own papers
only, so it never outgrows the collection. A file written for other code or data
files is ignored. `tests/test_text_cache.py` checks that enrichment from stored
entries equals enrichment from scratch.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path

from generator.code import code_digest
from generator.paper import Paper

# (ranked vocabulary tags, [(name, count)], [(topic, score)], key phrases)
Entry = tuple[list[str], list[tuple[str, int]], list[tuple[str, float]], list[str]]


def text_key(paper: Paper) -> str:
    text = "\0".join((paper.title, paper.abstract, "\x1f".join(paper.keywords)))
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def data_version(*data_files: Path) -> str:
    """The code and the data files the entries were made with."""
    h = hashlib.sha1(code_digest().encode())
    for path in data_files:
        h.update(path.read_bytes())
    return h.hexdigest()


class TextCache:
    """`path`: the JSON file (None: keep nothing); `version`: see `data_version`."""

    def __init__(self, path: Path | None, version: str = "") -> None:
        self.path = path
        self.version = version

    def load(self) -> dict[str, Entry]:
        if self.path is None:
            return {}
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
            if stored.get("version") != self.version:
                return {}
            return {key: _entry(value) for key, value in stored["papers"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}

    def save(self, entries: dict[str, Entry]) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".tmp")
        record = {"version": self.version, "papers": entries}
        partial.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, self.path)  # never a half-written file


def _entry(value: list) -> Entry:
    ranked, names, scores, phrases = value
    return (
        [str(t) for t in ranked],
        [(str(n), int(c)) for n, c in names],
        [(str(t), float(s)) for t, s in scores],
        [str(p) for p in phrases],
    )


def as_counter(pairs: list[tuple[str, int]] | list[tuple[str, float]]) -> Counter:
    """A stored (key, value) list as the Counter it was, in the same order."""
    return Counter(dict(pairs))
