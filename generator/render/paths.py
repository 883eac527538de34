"""Where each generated page lives, and small text helpers shared by renderers."""

from __future__ import annotations

import re
from pathlib import Path

from generator.paper import Paper
from generator.slugs import shard, slugify

TEMPLATES = Path(__file__).resolve().parent / "templates"
PAGE_SIZE = 200
DATE_ORDER = "papers/.by-date"  # a dot-file: MkDocs does not publish it
_SENTENCE_END = re.compile(
    r"(?<!\be\.g)(?<!\bi\.e)(?<!\bvs)(?<!\bet al)(?<!\bcf)[.!?](?=\s+[A-Z(\"'])"
)


def paper_path(paper: Paper) -> str:
    """Paper pages are sharded into 256 folders so none grows past a few hundred files."""
    return f"papers/{shard(paper.slug)}/{paper.slug}.md"


def date_order(papers: list[Paper]) -> str:
    """The paper pages oldest first, one docs path a line: dated papers by date (then
    slug), undated ones after them by slug. The site's search splits its index by it
    into bundles that stay put as papers arrive (site/search_index.py)."""
    dated = sorted((p.published, p.slug) for p in papers if p.published)
    undated = sorted(p.slug for p in papers if not p.published)
    slugs = [slug for _, slug in dated] + undated
    return "".join(f"papers/{shard(slug)}/{slug}.md\n" for slug in slugs)


def paper_url(paper: Paper) -> str:
    """Site-relative URL of a paper page (MkDocs directory URLs)."""
    return paper_path(paper)[: -len(".md")] + "/"


def listing_path(kind: str, slug: str, page: int = 1) -> str:
    return f"{kind}/{slug}/index.md" if page == 1 else f"{kind}/{slug}/{page}.md"


def area_slug(code: str) -> str:
    return slugify(code)


def first_sentence(text: str, limit: int = 280) -> str:
    m = _SENTENCE_END.search(text, 20)
    sentence = text[: m.end()] if m else text
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + " …"
    return sentence


def human_count(n: int | None) -> str:
    if n is None:
        return ""
    return f"{n / 1000:.1f}k".replace(".0k", "k") if n >= 1000 else str(n)
