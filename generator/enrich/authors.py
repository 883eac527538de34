"""An entry per author with two papers or more, on A–Z pages (not a page per author).

Identity is the name in Unicode NFC with whitespace collapsed, compared without
case. Anchors come from the name alone, so adding a listing never changes one:
a name that is plain lowercase ASCII words gets its slug ("eric-x"); any other
name gets the slug plus a short hash of its identity ("eric-x-3fa2c1"), so
"Eric X" and "Éric X" never share an anchor. An author's page is the two-letter
prefix of the anchor, one letter longer wherever a prefix holds over PAGE_AUTHORS,
so a page changes only when a prefix crosses that size.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from generator.paper import Paper
from generator.slugs import slugify

MIN_PAPERS = 2
PAGE_AUTHORS = 200
MAX_PREFIX = 8


def author_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


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


@dataclass
class AuthorIndex:
    authors: dict[str, Author] = field(default_factory=dict)  # key -> entry (2+ papers)
    pages: dict[str, list[Author]] = field(default_factory=dict)  # prefix -> entries

    def path(self, name: str) -> str:
        """`authors/<page>/index.md#<anchor>` for an author with an entry, else ""."""
        author = self.authors.get(author_key(name))
        return f"authors/{author.page}/index.md#{author.anchor}" if author else ""


def index_authors(papers: list[Paper]) -> AuthorIndex:
    by_key: dict[str, dict[str, Paper]] = defaultdict(dict)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for paper in papers:
        for name in paper.authors:
            key = author_key(name)
            if key:
                by_key[key][paper.slug] = paper
                spellings[key][" ".join(unicodedata.normalize("NFC", name).split())] += 1
    index = AuthorIndex()
    for key, found in by_key.items():
        if len(found) < MIN_PAPERS:
            continue
        name = min(spellings[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        newest = sorted(found.values(), key=lambda p: (p.published, p.slug), reverse=True)
        index.authors[key] = Author(key, name, author_anchor(key), newest)
    _assign_pages(list(index.authors.values()), 2)
    pages: dict[str, list[Author]] = defaultdict(list)
    for author in index.authors.values():
        pages[author.page].append(author)
    index.pages = {k: sorted(v, key=lambda a: a.anchor) for k, v in sorted(pages.items())}
    return index


def _assign_pages(authors: list[Author], n: int) -> None:
    """Group by an n-letter prefix; a group over PAGE_AUTHORS splits by one more letter."""
    groups: dict[str, list[Author]] = defaultdict(list)
    for author in authors:
        groups[_prefix(author.anchor, n)].append(author)
    for prefix, members in groups.items():
        if len(members) > PAGE_AUTHORS and n < MAX_PREFIX:
            _assign_pages(members, n + 1)
        else:
            for author in members:
                author.page = prefix


def _prefix(anchor: str, n: int) -> str:
    letters = "".join(c for c in anchor if c.isalnum())[:n]
    return letters.ljust(n, "-") if letters else "other"
