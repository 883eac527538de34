"""Candidate key phrases of a paper: runs of two to four content words.

The text is cut at punctuation, English stop words and the words too common
in abstracts to mean anything (DOMAIN_STOP); every run of two to four
words left is a phrase ("video generation", "reinforcement learning"). Related
papers compare these as whole phrases, which is how a reader (and Hugging
Face's own keywords) names what a paper is about; word and bigram counts alone
let "video" in one paper meet "generation" in another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from generator.paper import Paper

MIN_WORDS, MAX_WORDS = 2, 4
_CHUNKS = re.compile(r"[^a-z0-9\- ]+")


# Words too common in abstracts to say what a paper is about: they end a key
# phrase, and never *explain* why two papers are related (related.py; they still
# count towards word similarity: filtering them there made neighbours worse).
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


def phrase_breaks(stop: Iterable[str] = ()) -> frozenset[str]:
    """The words that end a phrase: English stop words and `stop`."""
    return ENGLISH_STOP_WORDS | frozenset(stop)


def key_phrases(text: str, breaks: frozenset[str] = ENGLISH_STOP_WORDS) -> list[str]:
    """Distinct phrases of `text`, sorted (deterministic, independent of other papers)."""
    found: set[str] = set()
    for chunk in _CHUNKS.split(text.lower()):
        run: list[str] = []
        for word in [*chunk.split(), ""]:
            if word and word not in breaks:
                run.append(word)
                continue
            if MIN_WORDS <= len(run) <= MAX_WORDS:
                found.add(" ".join(run))
            run = []
    return sorted(found)


_BREAKS = phrase_breaks(DOMAIN_STOP)


def paper_phrases(papers: list[Paper]) -> list[list[str]]:
    """Each paper's key phrases, from its title and abstract."""
    return [key_phrases(f"{p.title}. {p.abstract}", _BREAKS) for p in papers]
