"""What a page is made of, as a digest: unchanged inputs, unchanged page.

A daily rebuild changes few paper and tag pages, but rendering all of them to
find out took most of the render stage (about 14 s of 22 at 10,000 papers with
nothing changed). A paper page is a function of its Paper record, a few facts
from the catalogue (its area's and topics' names, its tags' slugs, its authors'
entry links, which of its listing days have pages, its related papers' titles
and paths) and the generator's code and templates. A tag page is a function of
the tag, its count, its co-occurring tags and the listing entries it shows
(each entry's title, path, date, code badge, teaser and tags). The digests cover
all of those. The digests of the pages on disk are kept beside them
(`<folder>/.digests.json`, swapped in with the pages, ignored by MkDocs as a
dot-file), and a page whose digest and file are both there is not rendered
again. `tests/test_incremental_build.py` checks that a rebuild equals a cold
build byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import marshal
from dataclasses import fields, is_dataclass
from pathlib import Path

from generator.enrich import Catalogue
from generator.paper import Paper
from generator.render.archive import ListingPage
from generator.render.paths import paper_path

DIGESTS = ".digests.json"  # in each folder whose pages are digested


_PAPER_FIELDS = tuple(f.name for f in fields(Paper))


def paper_fields(paper: Paper) -> list:
    """Every field of the record, as facts: its nested records (sources, related
    papers) as tuples of their values. The dataclass `repr` said the same, at about
    six times the cost (2 s of a 100,000-paper rebuild)."""
    values = []
    for name in _PAPER_FIELDS:
        value = getattr(paper, name)
        if isinstance(value, list) and value and is_dataclass(value[0]):
            value = [tuple(vars(item).values()) for item in value]
        values.append(value)
    return values


def paper_digest(cat: Catalogue, paper: Paper, by_slug: dict[str, Paper], base: str) -> str:
    """`base`: what every page shares (code_digest and the site's settings)."""
    topics, areas = cat.taxonomy.topics, cat.taxonomy.areas
    facts = [
        paper_fields(paper),
        areas[paper.area].name if paper.area in areas else "",
        [topics[t].name for t in [paper.topic, *paper.secondary_topics] if t in topics],
        [cat.tag_slugs.get(t, "") for t in paper.tags],
        [cat.authors.path(name) for name in paper.authors],
        [s.listing_date in cat.timeline.days for s in paper.sources],
        [(by_slug[r.slug].title, paper_path(by_slug[r.slug])) for r in paper.related],
    ]
    return facts_digest(facts, base)


def entry_digest(cat: Catalogue, paper: Paper) -> str:
    """What a listing entry (_macros.md.j2 `entry`) shows of a paper."""
    facts = [
        paper.title,
        paper_path(paper),
        paper.upvotes,
        paper.code_url,
        paper.published,
        paper.ai_summary,
        paper.abstract,
        [(t, cat.tag_slugs.get(t, "")) for t in paper.tags],
    ]
    return facts_digest(facts, "")


def tag_front_facts(cat: Catalogue, tag: str) -> list:
    """What a tag's front page shows besides its entries and links: its name, slug,
    count and co-occurring tags."""
    return [
        tag,
        cat.tag_slugs[tag],
        len(cat.by_tag[tag]),
        [(t, n, cat.tag_slugs.get(t, "")) for t, n in cat.cooccurring.get(tag, [])],
    ]


def listing_page_facts(head: list, page: ListingPage, entries: list[str]) -> list:
    """A topic, area or tag page (archive.py): `head`, what it shows of its listing;
    its place, dates and links; `entries`, the entry digests of its papers."""
    return [head, page.number, page.path, page.front, page.label, page.newer, page.older,
            page.archive, entries]  # fmt: skip


def period_page_facts(
    kind: str, key: str, page: int, pages: int, neighbours: tuple[str, str], entries: list[str]
) -> list:
    """A day, week or month page (period.md.j2): its key, its place in the
    pagination, its previous and next periods and its entries' digests."""
    return [kind, key, page, pages, list(neighbours), entries]


def authors_page_facts(key: str, authors: list) -> list:
    """An authors page (authors.md.j2): each author's anchor, name and the title,
    path and date of each of their papers."""
    return [
        key,
        [
            (a.anchor, a.name, [(p.title, paper_path(p), p.published) for p in a.papers])
            for a in authors
        ],
    ]


def facts_digest(facts: list, base: str) -> str:
    """`base`: what every page shares (code_digest and the site's settings).

    Facts are strings, numbers, booleans, None, lists and tuples, serialised by
    marshal's format 2: it writes no back-references (format 3 marks objects by
    their reference count, so equal facts could give different bytes) and is 10-20x
    faster than json.dumps, which took about 6 s of a 100,000-paper rebuild. It
    refuses objects it cannot write; no fact may be a set (its order would vary)."""
    record = base.encode("utf-8", "surrogatepass") + b"\n" + marshal.dumps(facts, 2)
    return hashlib.sha1(record).hexdigest()


def read_digests(docs_dir: Path | None, folder: str) -> dict[str, str]:
    """The digests of the pages now in `folder` ({} when absent or unreadable)."""
    if docs_dir is None:
        return {}
    try:
        data = json.loads((docs_dir / folder / DIGESTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def dump_digests(digests: dict[str, str]) -> str:
    return json.dumps(digests, sort_keys=True, indent=0) + "\n"
