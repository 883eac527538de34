"""An entry per author with two papers or more, on A–Z pages (not a page per author).

Identity is the name in Unicode NFC with whitespace collapsed, compared without
case. Anchors come from the name alone, so adding a listing never changes one:
a name that is plain lowercase ASCII words gets its slug ("eric-x"); any other
name gets the slug plus a short hash of its identity ("eric-x-3fa2c1"), so
"Eric X" and "Éric X" never share an anchor. Pages are like a dictionary's guide
words: each holds the anchors from its start key to the next page's, and the start
keys are fixed (generator/data/author_pages.yaml, cut by author_pages.py from real
author names), so adding a listing does not move an author to another page. The
one exception: the file holds four sets of keys (about 280, 550, 1,090 and 2,160
pages), and a collection uses the coarsest whose pages hold at most
LINKS_PER_PAGE paper links on average, so that pages stay short as an archive
grows (a daily rebuild rewrites most author pages). An archive moves to a finer
set at most three times in its life; that build moves authors and relinks
their papers' pages.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from generator import data_yaml
from generator.paper import Paper
from generator.slugs import slugify

MIN_PAPERS = 2
LINKS_PER_PAGE = 100  # paper links an author page holds on average, at most, if it can
PAGES_FILE = Path(__file__).resolve().parent.parent / "data" / "author_pages.yaml"


def author_key(name: str) -> str:
    return spelling(name).casefold()


def spelling(name: str) -> str:
    """The name as shown: Unicode NFC, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def author_anchor(key: str) -> str:
    slug = slugify(key, 60)
    if slug and key == slug.replace("-", " "):
        return slug
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]
    return f"{slug}-{digest}" if slug else f"author-{digest}"


@dataclass
class Author:
    key: str
    name: str
    anchor: str
    papers: list[Paper]
    page: str = ""  # the prefix page it is on: authors/<page>/

    @property
    def path(self) -> str:
        return f"authors/{self.page}/index.md#{self.anchor}"


@dataclass
class AuthorIndex:
    authors: dict[str, Author] = field(default_factory=dict)  # key -> entry (2+ papers)
    pages: dict[str, list[Author]] = field(default_factory=dict)  # prefix -> entries
    # Each name as written in the papers -> its path ("" without an entry): names
    # recur on every page and digest that lists them, so each is worked out once.
    paths: dict[str, str] = field(default_factory=dict)

    def path(self, name: str) -> str:
        """`authors/<page>/index.md#<anchor>` for an author with an entry, else ""."""
        found = self.paths.get(name)
        if found is None:
            author = self.authors.get(author_key(name))
            found = author.path if author else ""
        return found


def index_authors(papers: list[Paper]) -> AuthorIndex:
    by_key: dict[str, dict[str, Paper]] = defaultdict(dict)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    known: dict[str, tuple[str, str]] = {}  # name as written -> (spelling, key)
    for paper in papers:
        for name in paper.authors:
            seen = known.get(name)
            if seen is None:
                shown = spelling(name)
                seen = known[name] = (shown, shown.casefold())
            shown, key = seen
            if key:
                by_key[key][paper.slug] = paper
                spellings[key][shown] += 1
    index = AuthorIndex()
    for key, found in by_key.items():
        if len(found) < MIN_PAPERS:
            continue
        shown = spellings[key]  # the most used spelling, then the first in code order
        name = next(iter(shown)) if len(shown) == 1 else min(shown.items(), key=_most_used)[0]
        newest = sorted(found.values(), key=lambda p: (p.published, p.slug), reverse=True)
        index.authors[key] = Author(key, name, author_anchor(key), newest)
    links = sum(len(a.papers) for a in index.authors.values())
    starts = page_starts(page_level(links))
    for author in index.authors.values():
        author.page = page_of(author.anchor, starts)
    pages: dict[str, list[Author]] = defaultdict(list)
    for author in index.authors.values():
        pages[author.page].append(author)
    index.pages = {k: sorted(v, key=lambda a: a.anchor) for k, v in sorted(pages.items())}
    for name, (_shown, key) in known.items():
        author = index.authors.get(key)
        index.paths[name] = author.path if author else ""
    return index


def _most_used(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


@functools.cache
def start_levels() -> tuple[tuple[str, ...], ...]:
    """The fixed start keys of the author pages at each level, sorted (author_pages.py)."""
    data = data_yaml.load(PAGES_FILE.read_text(encoding="utf-8")) or {}
    keys = [str(p) for p in data.get("pages") or []]
    levels = [tuple(sorted(keys))]
    for finer in data.get("finer") or []:
        keys += [str(p) for p in finer]
        levels.append(tuple(sorted(keys)))
    return tuple(levels)


def page_level(links: int) -> int:
    """The coarsest level whose pages hold at most LINKS_PER_PAGE links on average."""
    levels = start_levels()
    for level, starts in enumerate(levels):
        if links <= LINKS_PER_PAGE * len(starts):
            return level
    return len(levels) - 1


def page_starts(level: int = 0) -> tuple[str, ...]:
    return start_levels()[level]


def page_of(anchor: str, starts: tuple[str, ...]) -> str:
    """The page an anchor is on: the last start key at or before its letters."""
    key = letters(anchor)
    if not key:
        return "other"
    index = bisect.bisect_right(starts, key) - 1
    return starts[index] if index >= 0 and starts[index][0] == key[0] else key[0]


def letters(anchor: str) -> str:
    return "".join(c for c in anchor if c.isalnum())
