"""Whole-word phrase matching over tokenised text, with plurals folded.

Used by topics and tags. A set intersection on first words finds candidate
positions, so cost per paper is linear in its length, not in the vocabulary.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable

_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


@functools.lru_cache(maxsize=500_000)
def fold(word: str) -> str:
    """Crude singular: 'networks' -> 'network', but 'loss', 'analysis', 'gaussians' ok."""
    if len(word) > 4 and word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is", "us", "ous")):
        return word[:-3] + "y" if word.endswith("ies") and len(word) > 4 else word[:-1]
    return word


def tokens(text: str) -> list[str]:
    return [fold(t) for t in _TOKEN.findall(text.lower())]


class PhraseMatcher:
    """Maps phrases (tuples of folded tokens) to labels; counts label hits in a text."""

    def __init__(self, phrases: Iterable[tuple[str, str]]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for phrase, label in phrases:
            words = tuple(tokens(phrase))
            if words:
                self._by_first.setdefault(words[0], []).append((words, label))
        for options in self._by_first.values():
            options.sort(key=lambda item: -len(item[0]))  # longest phrase wins
        self._firsts = frozenset(self._by_first)

    def matches(self, words: list[str]) -> Counter[tuple[str, ...]]:
        """How often each phrase occurs (longest match at each position)."""
        found: Counter[tuple[str, ...]] = Counter()
        if not self._firsts.intersection(words):
            return found
        i, n = 0, len(words)
        while i < n:
            step = 1
            for phrase, _label in self._by_first.get(words[i], ()):
                if tuple(words[i : i + len(phrase)]) == phrase:
                    found[phrase] += 1
                    step = len(phrase)
                    break
            i += step
        return found

    def labels(self, phrase: tuple[str, ...]) -> list[str]:
        return [label for p, label in self._by_first.get(phrase[0], ()) if p == phrase]

    def count(self, words: list[str]) -> Counter[str]:
        """How often each label's phrases occur."""
        hits: Counter[str] = Counter()
        for phrase, n in self.matches(words).items():
            for label in self.labels(phrase):
                hits[label] += n
        return hits
