"""Stable, safe, unique slugs and file names.

Rule (documented in the README): the slug is the title, transliterated to
ASCII, lowercased, words joined by '-', cut at a word boundary to 80
characters. Two distinct papers (different arXiv ids) with the same title
slug: the one with the smallest arXiv id keeps the bare slug, the others get
'-<arxiv id>' appended. arXiv ids grow with time, so a newly added listing
almost never renames an existing page. Slugs never depend on file order.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import defaultdict

from generator.paper import Paper

MAX_SLUG = 80
# Names that are unsafe as file names on some systems or clash with our own pages.
RESERVED = {
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
    "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    "index", "page", "tags", "topics", "areas", "papers", "search", "assets", "feeds",
}  # fmt: skip


def slugify(text: str, max_len: int = MAX_SLUG) -> str:
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", text))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", text)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_len:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:max_len]
    if not slug:
        return "untitled-" + hashlib.sha1(text.encode()).hexdigest()[:8]
    if slug in RESERVED:
        slug += "-paper"
    return slug


def assign_slugs(papers: list[Paper]) -> None:
    groups: dict[str, list[Paper]] = defaultdict(list)
    for paper in papers:
        groups[slugify(paper.title)].append(paper)
    for base, group in groups.items():
        group.sort(key=lambda p: (p.arxiv_id or "~", p.key))
        group[0].slug = base
        for paper in group[1:]:
            suffix = paper.arxiv_id or hashlib.sha1(paper.key.encode()).hexdigest()[:8]
            paper.slug = f"{base}-{slugify(suffix)}"


@functools.lru_cache(maxsize=1 << 18)  # pages link to the same papers again and again
def shard(slug: str) -> str:
    """Two hex characters: 256 folders keep every folder far below 10,000 entries."""
    return hashlib.sha1(slug.encode("ascii")).hexdigest()[:2]
