"""Build every generated page's Markdown from the Catalogue (no I/O here)."""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import os
import posixpath
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.code import code_digest
from generator.enrich import PARALLEL_MIN, Catalogue
from generator.enrich.timeline import is_iso_day, iso_week
from generator.forked import iter_chunks
from generator.ingest.report import IngestReport
from generator.paper import Paper
from generator.render.archive import front_path, paginate
from generator.render.bibtex import bibtex_entry
from generator.render.charts import render_charts, stats_charts
from generator.render.digests import (
    DIGESTS,
    authors_page_facts,
    dump_digests,
    entry_digest,
    facts_digest,
    listing_page_facts,
    paper_digest,
    period_page_facts,
    read_digests,
    tag_front_facts,
)
from generator.render.escape import (
    Trusted,
    escape_html,
    escape_markdown,
    external_url,
    front_matter_value,
    heading_id,
)
from generator.render.feeds import render_feeds
from generator.render.paths import (
    DATE_ORDER,
    PAGE_SIZE,
    TEMPLATES,
    area_slug,
    date_order,
    first_sentence,
    human_count,
    listing_path,
    paper_path,
    paper_url,
)

RENDER_CHUNKS = 16
Job = tuple[str, str, tuple[int, ...]]  # (page kind, key, page numbers; () for a paper)
UNDATED = "undated"  # the pages of papers with no listing date: date/undated/
PERIODS = {
    "date": "days",
    "week": "weeks",
    "month": "months",
}  # page kind -> Timeline field  # consecutive runs of pages handed to the two render workers


@dataclass(frozen=True)
class SiteInfo:
    name: str
    description: str
    url: str = ""


def make_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        finalize=escape_markdown,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )
    env.filters["fm"] = front_matter_value
    env.filters["h"] = escape_html
    env.filters["url"] = external_url
    env.filters["first_sentence"] = first_sentence
    env.filters["stars"] = human_count
    env.globals["paper_path"] = paper_path
    env.globals["Trusted"] = Trusted
    env.globals["bibtex"] = bibtex_entry
    env.globals["search_links"] = search_links
    env.globals["is_iso_day"] = is_iso_day
    env.globals["period_label"] = period_label
    env.globals["iso_week"] = iso_week
    env.globals["heading_id"] = heading_id
    env.filters["html"] = lambda text: Trusted(html.escape(text))
    return env


def period_label(kind: str, key: str) -> str:
    """How a day, ISO week or month is written in titles: 2026-05-14 (Thursday), …"""
    if kind == "date":
        day = dt.date.fromisoformat(key)
        return f"{key} ({day:%A})"
    if kind == "week":
        year, week = int(key[:4]), int(key[6:])
        monday = dt.date.fromisocalendar(year, week, 1)
        sunday = monday + dt.timedelta(days=6)
        return f"week {key} ({monday:%d %b} – {sunday:%d %b %Y})"
    if kind == "month":
        return f"{dt.date.fromisoformat(key + '-01'):%B %Y}"
    return "undated"


def search_links(title: str) -> list[tuple[str, str]]:
    """Where to look for a paper we know only by its title (no dead-end pages)."""
    q = urllib.parse.quote_plus(title)
    return [
        ("Find on arXiv", f"https://arxiv.org/search/?query={q}&searchtype=title"),
        ("Find on Hugging Face", f"https://huggingface.co/papers?q={q}"),
        ("Find on Semantic Scholar", f"https://www.semanticscholar.org/search?q={q}"),
    ]


def _linker(here: str) -> Callable[[str], Trusted]:
    base = posixpath.dirname(here)
    return lambda target: relative_link(target, base)


@functools.lru_cache(maxsize=1 << 18)  # the same tag and topic links recur on every listing
def relative_link(target: str, base: str) -> Trusted:
    """posixpath.relpath for the generator's own normalised relative paths, without
    its abspath/getcwd calls (a third of rendering time at 10,000 papers)."""
    to, start = target.split("/"), base.split("/") if base else []
    common = 0
    while common < min(len(to), len(start)) and to[common] == start[common]:
        common += 1
    return Trusted("/".join([".."] * (len(start) - common) + to[common:]) or ".")


def guide_words(authors: list) -> str:
    """A page's first and last author, as a dictionary prints its guide words."""
    first, last = authors[0].name, authors[-1].name
    return first if first == last else f"{first} – {last}"


class Unchanged:
    """A page kept as it is on disk: its digest matched (digests.py)."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = Unchanged()
Page = str | bytes | Unchanged
Listed = tuple[int, str, list | None]  # (page number, path, facts; None: always rendered)


class PageRenderer:
    def __init__(
        self, cat: Catalogue, report: IngestReport, site: SiteInfo, docs_dir: Path | None = None
    ) -> None:
        """`docs_dir`: where the pages now are; paper pages whose digest matches the one
        recorded there are not rendered again (None: render everything)."""
        self.cat = cat
        self.report = report
        self.site = site
        self.docs_dir = docs_dir
        self.env = make_env()
        self.by_slug = {p.slug: p for p in cat.papers}
        self.pages: dict[str, Page] = {}
        self._entries: dict[str, str] = {}  # slug -> entry digest
        self.kept_papers: set[str] = set()  # slugs of paper pages found unchanged
        self.old_papers: list[str] = []  # slugs of the paper pages on disk, sorted

    def tag_path(self, tag: str) -> str:
        return front_path("tags", self.cat.tag_slugs[tag])

    def topic_path(self, topic: str) -> str:
        return front_path("topics", topic)

    def area_path(self, code: str) -> str:
        return front_path("areas", area_slug(code))

    def render(self, template: str, here: str, **context: object) -> None:
        # Kept as UTF-8 bytes until written: a str holding one "›" or "–" takes two
        # bytes a character, and at 100,000 papers every page is held at once.
        self.pages[here] = (
            self.env.get_template(template)
            .render(
                to=_linker(here),
                cat=self.cat,
                site=self.site,
                tag_path=self.tag_path,
                topic_path=self.topic_path,
                area_path=self.area_path,
                **context,
            )
            .encode("utf-8")
        )

    def archived(
        self, template: str, folder: str, slug: str, papers: list[Paper], only: Sequence[int], **ctx
    ) -> None:
        """The pages numbered `only` of a topic, area or tag listing (archive.py)."""
        for page in paginate(folder, slug, papers):
            if page.number in only:
                self.render(template, page.path, page=page, **ctx)

    def paginated(
        self, template: str, kind: str, slug: str, papers: list[Paper], only: Sequence[int], **ctx
    ) -> None:
        """The pages numbered `only` of a day, week or month (numbered from 1)."""
        pages = max(1, -(-len(papers) // PAGE_SIZE))
        for page in range(1, pages + 1):
            if page not in only:
                continue
            here = listing_path(kind, slug, page)
            chunk = papers[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
            page_links = [(n, listing_path(kind, slug, n)) for n in range(1, pages + 1)]
            self.render(
                template, here, papers=chunk, page=page, pages=pages, page_links=page_links, **ctx
            )

    def _kept(self, path: str, before: dict[str, str], digest: str) -> bool:
        """Whether the page on disk at `path` was made from the same inputs."""
        return (
            before.get(path) == digest
            and self.docs_dir is not None
            and os.path.isfile(os.path.join(self.docs_dir, path))  # pathlib: 2x the time
        )

    def changed_papers(self, base: str) -> list[Paper]:
        """Papers whose page must be rendered; the others are marked UNCHANGED."""
        before = read_digests(self.docs_dir, "papers")
        self.old_papers = sorted(
            path.rpartition("/")[2].removesuffix(".md") for path in before if path.endswith(".md")
        )
        digests, changed = {}, []
        for paper in self.cat.papers:
            path = paper_path(paper)
            digests[path] = digest = paper_digest(self.cat, paper, self.by_slug, base)
            if self._kept(path, before, digest):
                self.pages[path] = UNCHANGED
                self.kept_papers.add(paper.slug)
            else:
                changed.append(paper)
        self.pages[f"papers/{DIGESTS}"] = dump_digests(digests)
        return changed

    def kept_records(self) -> dict[str, bytes]:
        """Lines of the papers.json on disk, by slug, for papers whose page was found
        unchanged: a record is made of fields the paper's digest covers, so it is
        unchanged too. Encoding every record took 3.2-4.1 s at 100,000 papers. The
        file holds one line per paper of the digests on disk, in slug order; a line
        is used only if it names its slug, and nothing is used if any does not."""
        if not self.kept_papers or self.docs_dir is None:
            return {}
        try:
            lines = (self.docs_dir / "papers.json").read_bytes().split(b"\n")
        except OSError:
            return {}
        records = lines[1:-2]  # between "[" and "]", "" (the file ends with a newline)
        if len(records) != len(self.old_papers):
            return {}
        kept = {}
        for slug, line in zip(self.old_papers, records, strict=True):
            if slug in self.kept_papers:
                line = line.removesuffix(b",")
                name = b'"slug": ' + json.dumps(slug, ensure_ascii=False).encode("utf-8")
                if name not in line:
                    return {}
                kept[slug] = line
        return kept

    def entry(self, paper: Paper) -> str:
        """The digest of a paper's listing entry, once per build."""
        digest = self._entries.get(paper.slug)
        if digest is None:
            digest = self._entries[paper.slug] = entry_digest(self.cat, paper)
        return digest

    def changed_listings(
        self, folder: str, base: str, listings: Iterable[tuple[str, list[Listed]]]
    ) -> list[tuple[str, tuple[int, ...]]]:
        """`listings`: (key, [(page number, path, facts), ...]) for each listing kept
        in `folder`; facts None: always rendered. Returns (key, page numbers to
        render) for the listings with any; every other page is marked UNCHANGED. A
        page's facts hold all it shows, its links to other pages included."""
        before = read_digests(self.docs_dir, folder)
        digests, changed = {}, []
        for key, pages in listings:
            render = []
            for number, path, facts in pages:
                if facts is not None:
                    digests[path] = digest = facts_digest(facts, base)
                    if self._kept(path, before, digest):
                        self.pages[path] = UNCHANGED
                        continue
                render.append(number)
            if render:
                changed.append((key, tuple(render)))
        self.pages[f"{folder}/{DIGESTS}"] = dump_digests(digests)
        return changed

    def changed_archived(
        self,
        folder: str,
        base: str,
        items: Iterable[tuple[str, str, list[Paper], list, list | None]],
    ) -> list[tuple[str, tuple[int, ...]]]:
        """Topic, area or tag listings, each as (key, slug, papers, what its archive
        pages show besides dates, links and entries, what its front page shows
        besides its entries and links; None: always rendered)."""

        def listings() -> Iterator[tuple[str, list[Listed]]]:
            for key, slug, papers, archive_head, front_head in items:
                pages: list[Listed] = []
                for page in paginate(folder, slug, papers):
                    head = front_head if page.number == 0 else archive_head
                    facts = None
                    if head is not None:
                        entries = [self.entry(p) for p in page.papers]
                        facts = listing_page_facts(head, page, entries)
                    pages.append((page.number, page.path, facts))
                yield key, pages

        return self.changed_listings(folder, base, listings())

    def changed_topics(self, base: str) -> list[tuple[str, tuple[int, ...]]]:
        """Topic pages to render: every front page (it shows the topic's counts, its
        areas, tags and related topics), and the archive pages that changed."""
        topics = self.cat.taxonomy.topics
        return self.changed_archived(
            "topics",
            base,
            (
                (slug, slug, papers, [slug, topics[slug].name, topics[slug].description], None)
                for slug, papers in self.cat.by_topic.items()
            ),
        )

    def changed_areas(self, base: str) -> list[tuple[str, tuple[int, ...]]]:
        """Area pages to render: every front page, and the archive pages that changed."""
        areas = self.cat.taxonomy.areas
        return self.changed_archived(
            "areas",
            base,
            (
                (code, area_slug(code), papers, [code, areas[code].name], None)
                for code, papers in self.cat.by_area.items()
            ),
        )

    def changed_tags(self, base: str) -> list[tuple[str, tuple[int, ...]]]:
        """Tag pages to render; the others are marked UNCHANGED."""
        cat = self.cat
        return self.changed_archived(
            "tags",
            base,
            (
                (tag, cat.tag_slugs[tag], papers, [tag], tag_front_facts(cat, tag))
                for tag, papers in cat.by_tag.items()
            ),
        )

    def changed_periods(self, kind: str, base: str) -> list[tuple[str, tuple[int, ...]]]:
        """Days, weeks or months with a page to render (the others: UNCHANGED)."""
        timeline = self.cat.timeline
        periods = getattr(timeline, PERIODS[kind])
        keys, undated = list(periods), timeline.undated

        def listings() -> Iterator[tuple[str, list[Listed]]]:
            for i, key in enumerate(keys + ([UNDATED] if kind == "date" and undated else [])):
                neighbours = (keys[i - 1] if i else "", keys[i + 1] if i + 1 < len(keys) else "")
                if key == UNDATED:
                    neighbours = ("", "")
                pages = self._entry_pages(periods.get(key, undated))
                yield (
                    key,
                    [
                        (
                            page,
                            listing_path(kind, key, page),
                            period_page_facts(kind, key, page, len(pages), neighbours, entries),
                        )
                        for page, entries in pages
                    ],
                )

        return self.changed_listings(kind, base, listings())

    def changed_author_pages(self, base: str) -> list[tuple[str, tuple[int, ...]]]:
        """Authors pages to render (the others: UNCHANGED)."""
        return self.changed_listings(
            "authors",
            base,
            (
                (key, [(1, listing_path("authors", key), authors_page_facts(key, authors))])
                for key, authors in self.cat.authors.pages.items()
            ),
        )

    def _entry_pages(self, papers: list[Paper]) -> list[tuple[int, list[str]]]:
        """(page number, entry digests) for each page of a paginated listing."""
        pages = max(1, -(-len(papers) // PAGE_SIZE))
        return [
            (page, [self.entry(p) for p in papers[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]])
            for page in range(1, pages + 1)
        ]

    def render_all(
        self, parallel: bool | None = None, sink: Callable[[dict[str, Page]], None] | None = None
    ) -> dict[str, Page]:
        """`parallel`: render in two forked workers (default: PARALLEL_MIN papers or more).
        `sink`: given each batch of pages as it is done (writer.PageWriter.add), so
        no structure holds every page; then nothing is returned."""
        cat = self.cat
        base = f"{code_digest()}\n{self.site!r}"
        jobs: list[Job] = [("paper", p.slug, ()) for p in self.changed_papers(base)]
        jobs += [("topic", *job) for job in self.changed_topics(base)]
        jobs += [("area", *job) for job in self.changed_areas(base)]
        jobs += [("tag", *job) for job in self.changed_tags(base)]
        jobs += [(kind, *job) for kind in PERIODS for job in self.changed_periods(kind, base)]
        jobs += [("authors", *job) for job in self.changed_author_pages(base)]
        if parallel is None:
            parallel = len(cat.papers) >= PARALLEL_MIN
        for rendered in iter_chunks(self.render_jobs, jobs, RENDER_CHUNKS, parallel):
            if sink is None:
                self.pages.update(rendered)
            else:
                sink(rendered)
        self.render("topics_index.md.j2", "topics/index.md", areas=self.area_overview())
        self.render("tags_index.md.j2", "tags/index.md", **self.tag_overview())
        self.render("date_index.md.j2", "date/index.md", months=self.calendar())
        self.render("top.md.j2", "top/index.md", top=cat.timeline.top)
        self.render("authors_index.md.j2", "authors/index.md", groups=self.author_groups())
        fresh = self.freshness()
        self.render(
            "home.md.j2", "index.md", areas=self.area_overview(), fresh=fresh, **self.home_counts()
        )
        self.render("about.md.j2", "about.md", fresh=fresh)
        self.render("report.md.j2", "report.md", report=self.report)
        charts = stats_charts(cat)
        self.render("stats.md.j2", "stats/index.md", charts=charts)
        self.pages.update(render_charts(charts))
        self.pages.update(render_feeds(cat, self.site.name, self.site.url))
        self.pages["papers.json"] = catalogue_json(cat, self.kept_records())
        self.pages[DATE_ORDER] = date_order(cat.papers)
        if sink is not None:
            sink(self.pages)
            self.pages = {}
        return self.pages

    def render_jobs(self, jobs: Sequence[Job]) -> dict[str, str | bytes]:
        """Paper and listing pages for `jobs` ((kind, key, page numbers)), as {path: text}."""
        cat, done = self.cat, len(self.pages)
        for kind, key, only in jobs:
            if kind == "paper":
                paper = self.by_slug[key]
                self.render("paper.md.j2", paper_path(paper), p=paper, by_slug=self.by_slug)
            elif kind == "topic":
                topic = cat.taxonomy.topics[key]
                self.archived("topic.md.j2", "topics", key, cat.by_topic[key], only, topic=topic)
            elif kind == "area":
                area, topics = cat.taxonomy.areas[key], self.topics_in_area(key)
                papers = cat.by_area[key]
                self.archived(
                    "area.md.j2", "areas", area_slug(key), papers, only, area=area, topics=topics
                )
            elif kind in PERIODS and key == UNDATED:
                self.paginated(
                    "period.md.j2", "date", UNDATED, cat.timeline.undated, only,
                    period=UNDATED, key=UNDATED, prev="", next="",
                )  # fmt: skip
            elif kind in PERIODS:
                papers = getattr(cat.timeline, PERIODS[kind])[key]
                prev, next_ = cat.timeline.neighbours(PERIODS[kind], key)
                self.paginated(
                    "period.md.j2", kind, key, papers, only,
                    period=kind, key=key, prev=prev, next=next_,
                )  # fmt: skip
            elif kind == "authors":
                authors = cat.authors.pages[key]
                self.render(
                    "authors.md.j2",
                    listing_path("authors", key),
                    guide=guide_words(authors),
                    authors=authors,
                )
            else:
                slug = cat.tag_slugs[key]
                self.archived("tag.md.j2", "tags", slug, cat.by_tag[key], only, tag=key)
        rendered = dict(list(self.pages.items())[done:])
        for path in rendered:
            del self.pages[path]
        return rendered

    def topics_in_area(self, code: str) -> list[tuple]:
        """(Topic, papers of this area in it), most papers first."""
        topics = self.cat.taxonomy.topics
        return [(topics[slug], n) for slug, n in self.cat.area_topics.get(code, [])]

    def area_overview(self) -> list[tuple]:
        rows = []
        for code, papers in sorted(self.cat.by_area.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            rows.append((self.cat.taxonomy.areas[code], len(papers), self.topics_in_area(code)))
        return rows

    def tag_overview(self) -> dict:
        counts = {tag: len(ps) for tag, ps in self.cat.by_tag.items()}
        alphabetical = sorted(counts.items(), key=lambda kv: kv[0].lower())
        letters: dict[str, list[tuple[str, int]]] = {}
        for tag, n in alphabetical:
            letter = tag[0].upper() if tag[0].isalpha() else "#"
            letters.setdefault(letter, []).append((tag, n))
        most_used = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:30]
        return {"letters": letters, "most_used": most_used}

    def calendar(self) -> list[tuple]:
        """Months newest first: (month, papers, weeks); a week is (iso week, 7 cells),
        a cell (day number, day key, papers) or None outside the month."""
        timeline = self.cat.timeline
        counts = {day: len(papers) for day, papers in timeline.days.items()}
        months = []
        for month in reversed(timeline.months):
            first = dt.date.fromisoformat(f"{month}-01")
            weeks, cells = [], [None] * first.weekday()
            day = first
            while day.month == first.month:
                key = day.isoformat()
                cells.append((day.day, key, counts.get(key, 0)))
                day += dt.timedelta(days=1)
            cells += [None] * (-len(cells) % 7)
            for i in range(0, len(cells), 7):
                row = cells[i : i + 7]
                some = next(c for c in row if c)
                weeks.append((iso_week(some[1]), row))
            months.append((month, len(timeline.months[month]), weeks))
        return months

    def author_groups(self) -> list[tuple[str, list[tuple[str, int, str]]]]:
        """(initial, [(page prefix, authors on it, guide words)]) for the authors index."""
        groups: dict[str, list[tuple[str, int, str]]] = {}
        for prefix, authors in self.cat.authors.pages.items():
            initial = prefix[0].upper() if prefix[0].isalpha() else "#"
            groups.setdefault(initial, []).append((prefix, len(authors), guide_words(authors)))
        return list(groups.items())

    def freshness(self) -> dict[str, str]:
        """Newest listing date and last fetch: from the data, so rebuilds are reproducible.

        Shown on the home and About pages only, so a daily update rewrites two pages.
        """
        dated = [
            s.listing_date
            for p in self.cat.papers
            for s in p.sources
            if len(s.listing_date) == 10 and s.listing_date[4] == "-"
        ]
        newest = max([*dated, self.report.freshness.newest_day], default="")
        fetched = self.report.freshness.last_fetched
        if len(fetched) >= 16:
            fetched = f"{fetched[:10]} {fetched[11:16]} UTC"
        return {"newest_listing": newest, "last_fetched": fetched}

    def home_counts(self) -> dict:
        papers = self.cat.papers
        newest = sorted(papers, key=lambda p: (p.published, p.slug), reverse=True)[:10]
        return {
            "n_papers": len(papers),
            "n_topics": len(self.cat.by_topic),
            "n_tags": len(self.cat.by_tag),
            "n_code": sum(1 for p in papers if p.code_url),
            "newest": newest if any(p.published for p in papers) else [],
        }


def paper_record(paper: Paper) -> dict:
    return {
        "slug": paper.slug,
        "url": paper_url(paper),
        "title": paper.title,
        "abstract": paper.abstract,
        "area": paper.area,
        "topic": paper.topic,
        "secondary_topics": paper.secondary_topics,
        "tags": paper.tags,
        "related": [r.slug for r in paper.related],
        "links": paper.links,
        "arxiv_id": paper.arxiv_id,
        "authors": paper.authors,
        "published": paper.published,
        "upvotes": paper.upvotes,
        "github_repo": paper.github_repo,
        "github_stars": paper.github_stars,
        "project_page": paper.project_page,
        "sources": [
            {"file": s.file, "line": s.line, "listing_date": s.listing_date} for s in paper.sources
        ],
    }


def catalogue_json(cat: Catalogue, kept: dict[str, bytes] | None = None) -> bytes:
    """One record a line: diffs stay readable, and without `indent` json uses its C
    encoder (2 s -> 0.3 s at 10,000 papers). UTF-8 bytes record by record: as one
    str, a single non-Latin-1 character makes Python store every character of the
    file (54 MB at 20,000 papers) in two or four bytes. `kept`: lines of the file on
    disk, by slug, for papers whose record is known to be unchanged."""
    kept = kept or {}
    records = (
        kept.get(p.slug)
        or json.dumps(paper_record(p), ensure_ascii=False, sort_keys=True).encode("utf-8")
        for p in cat.papers
    )
    return b"[\n" + b",\n".join(records) + b"\n]\n"


def render_pages(
    cat: Catalogue,
    report: IngestReport,
    site: SiteInfo,
    docs_dir: Path | None = None,
    sink: Callable[[dict[str, Page]], None] | None = None,
) -> dict[str, Page]:
    return PageRenderer(cat, report, site, docs_dir).render_all(sink=sink)
