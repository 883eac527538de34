"""The one record the pipeline passes along: `Paper`, and `PaperCollection`.

Ingest creates papers with their sources; `PaperCollection.add` merges
duplicates (same arXiv id, else same normalised title); enrich fills the
topic, tags and related fields; render only reads.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Source:
    """Where an entry came from: listing file and 1-based line (or item index)."""

    file: str
    line: int
    listing_date: str = ""  # as printed on the page ("Mar 14") or a Daily Papers date
    kind: str = "hf-text"


@dataclass(frozen=True)
class Related:
    slug: str
    terms: tuple[str, ...]  # the few terms the pair shares: the "why"


@dataclass
class Paper:
    title: str
    abstract: str
    sources: list[Source] = field(default_factory=list)
    arxiv_id: str = ""
    authors: list[str] = field(default_factory=list)
    num_authors: int = 0
    published: str = ""  # ISO date (YYYY-MM-DD) when known
    upvotes: int | None = None
    organization: str = ""
    github_repo: str = ""
    github_stars: int | None = None
    project_page: str = ""
    links: list[str] = field(default_factory=list)  # code/project URLs found in the abstract
    keywords: list[str] = field(default_factory=list)  # e.g. HF ai_keywords
    ai_summary: str = ""  # Hugging Face's one-sentence AI summary, when it has one
    # Filled by enrich:
    slug: str = ""
    area: str = ""
    topic: str = ""
    secondary_topics: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)

    @property
    def key(self) -> str:
        return paper_key(self.arxiv_id, self.title)

    @property
    def code_url(self) -> str:
        if self.github_repo:
            return self.github_repo
        return next((u for u in self.links if "github.com/" in u or "gitlab.com/" in u), "")


def normalise_title(title: str) -> str:
    """Title reduced to lowercase ASCII words: the identity used for merging."""
    text = unicodedata.normalize("NFKD", title)
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def paper_key(arxiv_id: str, title: str) -> str:
    return f"arxiv:{arxiv_id}" if arxiv_id else f"title:{normalise_title(title)}"


# Fields merged by "first non-empty wins"; structured sources are added first
# when they exist, so they win over scraped text (see PaperCollection.add).
_SCALAR_FIELDS = (
    "arxiv_id",
    "num_authors",
    "published",
    "upvotes",
    "organization",
    "github_repo",
    "github_stars",
    "project_page",
    "ai_summary",
)


class PaperCollection:
    """Papers keyed by identity; adding a duplicate merges it into the first."""

    def __init__(self) -> None:
        self._by_key: dict[str, Paper] = {}
        self._by_title: dict[str, str] = {}  # normalised title -> key

    def add(self, paper: Paper, structured: bool = False) -> bool:
        """Add or merge; returns True when the paper was new."""
        existing = self._find(paper)
        if existing is None:
            self._by_key[paper.key] = paper
            self._by_title.setdefault(normalise_title(paper.title), paper.key)
            return True
        _merge_into(existing, paper, prefer_new=structured)
        if existing.arxiv_id and existing.key not in self._by_key:
            # A title-only paper learned its arXiv id: re-key it.
            old_key = paper_key("", existing.title)
            self._by_key.pop(old_key, None)
            self._by_key[existing.key] = existing
            self._by_title[normalise_title(existing.title)] = existing.key
        return False

    def _find(self, paper: Paper) -> Paper | None:
        if paper.arxiv_id and (hit := self._by_key.get(paper.key)):
            return hit
        key = self._by_title.get(normalise_title(paper.title))
        if key is None:
            return None
        hit = self._by_key.get(key)
        if hit and paper.arxiv_id and hit.arxiv_id and hit.arxiv_id != paper.arxiv_id:
            return None  # same title, different papers
        return hit

    def __iter__(self) -> Iterator[Paper]:
        return iter(sorted(self._by_key.values(), key=lambda p: p.key))

    def __len__(self) -> int:
        return len(self._by_key)


def _merge_into(target: Paper, other: Paper, prefer_new: bool) -> None:
    for src in other.sources:
        if src not in target.sources:
            target.sources.append(src)
    target.sources.sort()
    for name in _SCALAR_FIELDS:
        new, old = getattr(other, name), getattr(target, name)
        if new not in ("", None, 0) and (prefer_new or old in ("", None, 0)):
            setattr(target, name, new)
    if prefer_new:
        target.title = other.title or target.title
        target.abstract = other.abstract or target.abstract
        target.authors = other.authors or target.authors
    elif len(other.abstract) > len(target.abstract) and not target.authors:
        target.abstract = other.abstract
    for name in ("links", "keywords"):
        merged = list(dict.fromkeys(getattr(target, name) + getattr(other, name)))
        setattr(target, name, merged)
