"""Parse Hugging Face papers pages saved as text: title, abstract, metadata, repeat.

Every capture tool writes the page differently (plain text, Markdown headings,
flattened links with each URL on its own line, reference links), so the page is
first turned into logical lines with the Markdown taken off (`page_lines`). Then
each line is either page furniture, counted by kind (menus, dates, counts,
avatars, users, link URLs…), or text read by a line state machine.

Where the capture keeps paper links (`huggingface.co/papers/<id>`, or the
upvote link `login?next=%2Fpapers%2F<id>`), they are the anchors: one arXiv id
starts one entry, its title is the text the link carries or the first text line
beside it, and text that no anchor or heading introduces never becomes a title.
Without paper links, a title is a title-like line followed by prose.

Every entry becomes a paper or a rejection in the report (the junk gate).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.ingest.chrome import (
    Meta,
    chrome_kind,
    comments_or_upvotes,
    is_bare_count,
    link_meta,
    paper_link,
    parse_date,
    parse_meta,
    unglue_chrome,
)
from generator.ingest.clean import clean_abstract, clean_text, extract_links, is_safe_url
from generator.ingest.junk_gate import abstract_problem, title_problem
from generator.ingest.page_lines import PageLine, page_lines
from generator.ingest.report import FileReport
from generator.paper import Paper, Source

MAX_TITLE_CHARS = 250
MAX_ABSTRACT_CHARS = 20_000
WRAP_WIDTH = 120  # a line this short inside an abstract is a hard wrap
MIN_ANCHORS = 2  # paper links needed before a capture is read by its anchors
ORPHAN_PROSE_WORDS = 30  # unanchored text this long reads as an abstract, not page text
_MAX_USER_CHARS = 40


@dataclass
class _Entry:
    title: str
    line: int
    arxiv_id: str = ""
    abstract: list[str] = field(default_factory=list)
    meta: list[Meta] = field(default_factory=list)
    last_line_len: int = 0
    from_heading: bool = False
    meta_after_abstract: bool = False
    abstract_lines: list[int] = field(default_factory=list)


def _title_like(text: str) -> bool:
    return (
        0 < len(text) <= MAX_TITLE_CHARS
        and not text.endswith((".", ";", ","))
        and any(c.isalpha() for c in text)
        and len(text.split()) <= 40
    )


def line_meta(line: PageLine) -> list[Meta | str] | None:
    """The metadata or furniture kinds a line holds, or None when it is text.

    A line may hold several (`[Org](…) · Published on Oct 4, 2026`, or
    `[GitHub 131](…) [arXiv Page](…)`); it is metadata only if every part is.
    """
    text = line.text
    if meta := comments_or_upvotes(text):
        return [meta]
    if line.links:
        parts: list[Meta | str] = []
        for piece in (p.strip() for p in line.outside_links.split("·")):
            if piece and (meta := parse_meta(piece)) is None and not chrome_kind(piece):
                return None
            if piece:
                parts.append(meta or chrome_kind(piece) or "separator")
        for label, url in line.links:
            meaning = link_meta(label, url)
            if meaning is None:
                return None
            parts.append(meaning)
        return parts
    pieces = [p.strip() for p in text.split("·") if p.strip()]
    if not pieces:
        return ["separator"]
    parts = []
    for piece in pieces:
        meaning = parse_meta(piece) or chrome_kind(piece)
        if meaning is None:
            return None
        parts.append(meaning)
    return parts


class _Parser:
    def __init__(self, file: str, report: FileReport, lines: list[PageLine]) -> None:
        self.file = file
        self.report = report
        self.lines = lines
        self.papers: list[Paper] = []
        self.listing_date = ""
        self.current: _Entry | None = None
        self.pending_id = ""  # an anchor seen for an entry whose title comes next
        self.after_submitted = False
        self.last_was_bare_count = False
        anchors = {
            link[0] for ln in lines for url in ln.urls if (link := paper_link(url)) is not None
        }
        self.anchored = len(anchors) >= MIN_ANCHORS
        self.paired = not self.anchored and _one_title_one_abstract(lines)

    def skip(self, kind: str) -> None:
        self.report.skipped[kind] += 1

    def run(self) -> list[Paper]:
        for index, line in enumerate(self.lines):
            bare_count = False
            if line.structure:
                self.skip(line.structure)
            elif line.bare_url:
                self.on_url(line.urls[0])
            elif not line.text:
                self.skip("image" if line.images or line.links else "empty-markup")
                for url in line.urls:
                    if link := paper_link(url):
                        self.anchor(link[0])
            elif (kind := chrome_kind(line.text)) and not (line.links and kind == "link-label"):
                self.skip(kind)
                self.after_submitted = kind == "submitted-by"
                continue
            elif not any(c.isalnum() for c in line.text):
                self.skip("separator")
            else:
                bare_count = is_bare_count(line.text)
                self.on_text(index, line)
            self.last_was_bare_count = bare_count
            if not line.images:
                self.after_submitted = False
        self.finish()
        return self.papers

    def on_url(self, url: str) -> None:
        self.skip("url")
        link = paper_link(url)
        if link is None:
            return
        arxiv_id, role = link
        if role == "comments" and self.current and self.last_was_bare_count:
            # Flattened captures print a link's text before its URL: the count was comments.
            for i in range(len(self.current.meta) - 1, -1, -1):
                if self.current.meta[i].kind == "upvotes":
                    self.current.meta[i] = Meta("comments", number=self.current.meta[i].number)
                    self.report.skipped["upvotes"] -= 1
                    self.skip("comments")
                    break
        self.anchor(arxiv_id)

    def anchor(self, arxiv_id: str) -> None:
        current = self.current
        if current is not None and current.arxiv_id == arxiv_id:
            self.pending_id = ""
            return
        if current is not None and not current.arxiv_id and not self.pending_id:
            current.arxiv_id = arxiv_id
            return
        self.pending_id = arxiv_id

    def on_text(self, index: int, line: PageLine) -> None:
        text = line.text
        unglued = unglue_chrome(text)
        if unglued != text:
            self.skip("glued-chrome")
            text = unglued
        if self.after_submitted and " " not in text and len(text) <= _MAX_USER_CHARS:
            self.skip("user")
            return
        if self.current is None and not line.links and (date := parse_date(text)):
            self.listing_date = date[1] or date[0]  # ISO when the page printed a year
            self.skip("listing-date")
            return
        if (parts := line_meta(line)) is not None:
            self.on_meta(parts)
            return
        title_link = next(
            (link[0] for _, url in line.links if (link := paper_link(url)) and link[1] == "paper"),
            "",
        )
        if line.heading or (line.whole_link and title_link):
            self.start(text, line.number, title_link, from_heading=True)
            return
        if self.pending_id:
            self.start(text, line.number, self.pending_id)
            return
        self.on_plain_text(index, line, text)

    def on_meta(self, parts: list[Meta | str]) -> None:
        for part in parts:
            if isinstance(part, str):
                self.skip(part)
            elif self.current is None:
                self.skip(f"meta-{part.kind}")
            else:
                self.skip(part.kind)
                self.current.meta.append(part)
                if part.kind == "arxiv" and not self.current.arxiv_id:
                    self.current.arxiv_id = part.value
                if self.current.abstract:
                    self.current.meta_after_abstract = True

    def start(self, title: str, number: int, arxiv_id: str = "", from_heading: bool = False):
        self.finish()
        self.pending_id = ""
        self.current = _Entry(
            clean_text(title.strip("# ")), number, arxiv_id, from_heading=from_heading
        )

    def on_plain_text(self, index: int, line: PageLine, text: str) -> None:
        current = self.current
        if self.paired:
            if current is None or current.abstract:
                self.start(text, line.number)
            else:
                self._add_abstract(current, line, text)
            return
        if current is None:
            if self.anchored:
                self.unanchored(line, text)  # the page's header: entries start at anchors
            elif _title_like(text):
                self.start(text, line.number)
            else:
                self.report.reject(
                    line.number, f"text with no title before it ({len(text):,} characters)"
                )
            return
        if not current.abstract:
            if line.indented and _title_like(text) and not line.blank_before:
                current.title = f"{current.title} {text}"  # title wrapped with an indent
            elif _is_organisation(current, text):
                self.skip("organization")
                current.meta.append(Meta("organization", value=text))
            elif not self.anchored and _title_like(text) and self._next_is_abstract(index):
                self.start(text, line.number)
            else:
                self._add_abstract(current, line, text)
            return
        if self.anchored:
            # Only an anchor or a heading starts an entry; text after an entry's
            # metadata is an organisation or stray page text, never a title.
            if not current.meta_after_abstract:
                self._add_abstract(current, line, text)
            elif len(text.split()) <= 8 and _title_like(text):
                self.skip("organization")
            else:
                self.unanchored(line, text)
            return
        continues_wrap = not line.blank_before and current.last_line_len <= WRAP_WIDTH
        if _title_like(text) and not continues_wrap:
            self.start(text, line.number)
            return
        if _title_like(text):
            # Read as a hard-wrapped abstract line, but it could start an entry: say so.
            self.report.ambiguous_joins.append(line.number)
        self._add_abstract(current, line, text)

    def unanchored(self, line: PageLine, text: str) -> None:
        """Text no anchor or heading introduces: page text, unless it reads like an
        abstract, which is rejected (visibly) rather than skipped, in case its title
        was missed."""
        if len(text.split()) >= ORPHAN_PROSE_WORDS and abstract_problem(text) is None:
            self.report.reject(
                line.number, "prose with no paper link or heading before it (a missed title?)"
            )
        else:
            self.skip("page-text")

    def _add_abstract(self, entry: _Entry, line: PageLine, text: str) -> None:
        entry.abstract.append(text)
        entry.abstract_lines.append(line.number)
        entry.last_line_len = len(line.raw)

    def _next_is_abstract(self, index: int) -> bool:
        """True when the next text line after `index` reads as an abstract."""
        for line in self.lines[index + 1 : index + 40]:
            if not line.text or line.bare_url or line.structure or chrome_kind(line.text):
                continue
            if line_meta(line) is not None:
                continue
            return not _title_like(line.text)
        return False

    def finish(self) -> None:
        entry, self.current = self.current, None
        if entry is None:
            return
        report = self.report
        if not entry.abstract:
            report.reject(entry.line, f"title with no abstract: {entry.title[:80]!r}")
            return
        paper = _to_paper(entry, self.file, self.listing_date)
        if not paper.title or not paper.abstract:
            report.reject(entry.line, "title or abstract is empty once control characters go")
            return
        if len(paper.abstract) > MAX_ABSTRACT_CHARS:
            report.reject(entry.line, f"abstract of {len(paper.abstract):,} characters is too long")
            return
        if problem := title_problem(paper.title) or abstract_problem(paper.abstract):
            report.reject(entry.line, f"not a paper: {problem}: {paper.title[:80]!r}")
            return
        self.papers.append(paper)


def parse_hf_page_text(text: str, file: str, report: FileReport) -> list[Paper]:
    """Every entry becomes a Paper (with its source line) or a rejection in `report`."""
    lines, front_matter = page_lines(text)
    if front_matter:
        report.skipped["front-matter"] += front_matter
    return _Parser(file, report, lines).run()


def _one_title_one_abstract(lines: list[PageLine]) -> bool:
    """The shape of a page saved as strictly one title line, one abstract line.

    Recognised for the whole file (almost every other text line title-like, and
    almost all of the others prose), so that a short abstract line is never taken for a
    hard wrap and the next title joined to it.
    """
    text = [ln.text for ln in lines if ln.text and not ln.structure and not ln.bare_url]
    text = [t for t in text if not chrome_kind(t) and parse_meta(t) is None]
    if len(text) < 4 or len(text) % 2 or any(ln.heading for ln in lines):
        return False
    titles, abstracts = text[0::2], text[1::2]
    if sum(_title_like(t) for t in titles) < 0.95 * len(titles):
        return False
    return sum(not _title_like(a) for a in abstracts) >= 0.9 * len(abstracts)


def _is_organisation(entry: _Entry, line: str) -> bool:
    """A short name among an entry's metadata lines, before its abstract starts."""
    where = entry.from_heading or bool(entry.meta)
    return where and len(line) <= 80 and len(line.split()) <= 8 and _title_like(line)


def _to_paper(entry: _Entry, file: str, listing_date: str) -> Paper:
    raw_abstract = "\n".join(entry.abstract)
    paper = Paper(
        title=clean_text(entry.title),
        abstract=clean_abstract(raw_abstract),
        sources=[Source(file, entry.line, listing_date)],
        links=extract_links(raw_abstract),
        arxiv_id=entry.arxiv_id,
    )
    for meta in entry.meta:
        _apply_meta(paper, meta)
    return paper


def _apply_meta(paper: Paper, meta: Meta) -> None:
    if meta.kind == "authors":
        paper.num_authors = meta.number or 0
    elif meta.kind == "date" and meta.value[:4].isdigit() and meta.value[4:5] == "-":
        paper.published = meta.value
    elif meta.kind == "upvotes" and meta.number is not None:
        paper.upvotes = meta.number
    elif meta.kind == "arxiv" and not paper.arxiv_id:
        paper.arxiv_id = meta.value
    elif meta.kind == "github" and is_safe_url(meta.value):
        paper.github_repo = meta.value
        paper.github_stars = meta.number
    elif meta.kind == "organization":
        paper.organization = meta.value
