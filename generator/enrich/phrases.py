"""Whole-word phrase matching over tokenised text, with plurals folded.

Used by topics and tags. A set intersection on first words finds candidate
positions, so cost per paper is linear in its length, not in the vocabulary.

A phrase that is ambiguous out of context can carry a context: it counts only
in a paper whose title or abstract also holds one of the context phrases. In
the data files that is a one-key mapping, `{flow-based: [video, motion]}`:
"flow-based" is optical flow in a video paper and a generative model elsewhere.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

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


Context = tuple[str, ...]  # phrases, one of which must be in the paper


def split_keywords(items: Sequence[object]) -> tuple[list[str], dict[str, Context]]:
    """Keyword items from a data file: "phrase" or {phrase: [context, ...]}.
    Returns the phrases and the context of those that have one; raises ValueError."""
    phrases: list[str] = []
    contexts: dict[str, Context] = {}
    for item in items:
        if isinstance(item, dict):
            if len(item) != 1:
                raise ValueError(f"{item!r}: a phrase with context is one `phrase: [words]` pair")
            ((phrase, context),) = item.items()
            if (
                not isinstance(context, list)
                or not context
                or not all(isinstance(c, str) and c.strip() for c in context)
            ):
                raise ValueError(f"{phrase!r}: its context must be a non-empty list of words")
            phrases.append(str(phrase))
            contexts[str(phrase)] = tuple(context)
        elif isinstance(item, (str, int, float)) and str(item).strip():
            phrases.append(str(item))
        else:
            raise ValueError(f"{item!r} is neither a phrase nor `phrase: [context words]`")
    return phrases, contexts


class PhraseMatcher:
    """Maps phrases (tuples of folded tokens) to labels; counts label hits in a text.

    Each entry is (phrase, label) or (phrase, label, context); a label whose
    phrase has a context counts only where `labels`/`count` are given a text
    (the paper's title and abstract tokens) holding one of the context phrases.
    """

    def __init__(self, phrases: Iterable[tuple[str, str] | tuple[str, str, Context]]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._context: dict[tuple[tuple[str, ...], str], list[str]] = {}
        for phrase, label, *context in phrases:
            words = tuple(tokens(phrase))
            if words:
                self._by_first.setdefault(words[0], []).append((words, label))
                if context and context[0]:
                    needed = [" ".join(tokens(c)) for c in context[0]]
                    self._context[(words, label)] = [f" {c} " for c in needed if c]
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

    def labels(self, phrase: tuple[str, ...], text: list[str] | None = None) -> list[str]:
        """The labels of a matched phrase; with `text`, only those whose context
        (if any) it holds. Without `text`, every label."""
        found = [label for p, label in self._by_first.get(phrase[0], ()) if p == phrase]
        if text is None or not self._context:
            return found
        joined = ""
        kept = []
        for label in found:
            needed = self._context.get((phrase, label))
            if needed:
                joined = joined or f" {' '.join(text)} "
                if not any(c in joined for c in needed):
                    continue
            kept.append(label)
        return kept

    def count(self, words: list[str], text: list[str] | None = None) -> Counter[str]:
        """How often each label's phrases occur in `words`; contexts are looked for
        in `text` (default: `words` itself)."""
        hits: Counter[str] = Counter()
        for phrase, n in self.matches(words).items():
            for label in self.labels(phrase, words if text is None else text):
                hits[label] += n
        return hits
