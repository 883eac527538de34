"""Listing pages that stay put when papers arrive: topics, areas and tags.

A listing shows its papers newest first. Numbered from the newest, every page
changed whenever one paper arrived: page 2 took page 1's last paper, and so on
down. At 10,000 papers a daily rebuild re-rendered every page of every area
(52) and of each tag it touched; at 100,000, ten times as many.

So the newest papers are on the listing's front page, and the older ones on
archive pages of exactly PAGE_SIZE papers counted from the oldest: archive 1
holds the oldest PAGE_SIZE papers, archive 2 the next, and so on. The front page
holds the rest, PAGE_SIZE to 2 x PAGE_SIZE - 1 papers (all of them for a
shorter listing). A new paper joins the front page; when the front page fills
up, its oldest PAGE_SIZE papers become a new archive page. An archive page is
labelled by the dates it covers (with its number where two share the
dates, as undated papers do), links its neighbours by those labels and shows
no count, so it does not change until one of its own papers does.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.paper import Paper
from generator.render.paths import PAGE_SIZE

NEWEST = "Newest papers"

Link = tuple[str, str]  # (label, page path)


@dataclass(frozen=True)
class ListingPage:
    number: int  # 0: the front page; 1, 2, ...: archive pages, 1 the oldest
    path: str
    front: str  # the listing's front page
    papers: list[Paper]  # newest first
    label: str  # the listing dates it covers
    newer: Link | None = None
    older: Link | None = None
    archive: tuple[Link, ...] = ()  # the front page's links to every archive page, newest first


def front_path(folder: str, slug: str) -> str:
    return f"{folder}/{slug}/index.md"


def archive_path(folder: str, slug: str, number: int) -> str:
    return f"{folder}/{slug}/archive-{number}.md"


def date_label(papers: list[Paper]) -> str:
    """The dates a page covers: "2025-03-01 – 2025-04-12", one date, or "undated"."""
    dates = sorted(p.published for p in papers if p.published)
    if not dates:
        return "undated"
    return dates[0] if dates[0] == dates[-1] else f"{dates[0]} – {dates[-1]}"


def paginate(folder: str, slug: str, papers: list[Paper], size: int = 0) -> list[ListingPage]:
    """The front page, then archive pages newest first; `papers` newest first.
    `size`: papers per archive page (default PAGE_SIZE)."""
    size = size or PAGE_SIZE
    n = len(papers)
    count = max(0, n // size - 1)
    chunks = {j: papers[n - j * size : n - (j - 1) * size] for j in range(count, 0, -1)}
    labels = {j: date_label(chunk) for j, chunk in chunks.items()}
    repeated = {label for label in labels.values() if list(labels.values()).count(label) > 1}
    labels = {j: f"{label} ({j})" if label in repeated else label for j, label in labels.items()}
    links = {j: (labels[j], archive_path(folder, slug, j)) for j in chunks}
    front = front_path(folder, slug)
    front_papers = papers[: n - count * size]
    pages = [
        ListingPage(
            0,
            front,
            front,
            front_papers,
            date_label(front_papers),
            older=links.get(count),
            archive=tuple(links[j] for j in chunks),
        )
    ]
    for j, chunk in chunks.items():
        newer = links[j + 1] if j < count else (NEWEST, front)
        pages.append(ListingPage(j, links[j][1], front, chunk, labels[j], newer, links.get(j - 1)))
    return pages
