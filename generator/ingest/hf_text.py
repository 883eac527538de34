"""Parse Hugging Face papers pages saved as text: title, abstract, repeat.

The page shapes differ (blank lines or not, `### ` headings, hard-wrapped
abstracts, metadata lines between entries, chrome around them), so the parser
is a line-by-line state machine rather than a fixed pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from generator.ingest.chrome import Meta, chrome_kind, parse_date, parse_meta, unglue_chrome
from generator.ingest.clean import clean_abstract, clean_text, extract_links, is_safe_url
from generator.ingest.report import FileReport
from generator.paper import Paper, Source

MAX_TITLE_CHARS = 250
MAX_ABSTRACT_CHARS = 20_000
WRAP_WIDTH = 120  # a line this short inside an abstract is a hard wrap
_HEADING = re.compile(r"^#{1,6}\s{1,5}(\S.{0,600})$")
_FRONT_MATTER_FENCE = "---"


@dataclass
class _Entry:
    title: str
    line: int
    abstract: list[str] = field(default_factory=list)
    meta: list[Meta] = field(default_factory=list)
    last_line_len: int = 0
    from_heading: bool = False


def _title_like(text: str) -> bool:
    return (
        0 < len(text) <= MAX_TITLE_CHARS
        and not text.endswith((".", ";", ","))
        and any(c.isalpha() for c in text)
        and len(text.split()) <= 40
    )


def _lines(text: str) -> Iterator[tuple[int, str]]:
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == _FRONT_MATTER_FENCE:
        # Front matter written by saved-page tools (e.g. SingleFile, MarkDownload).
        for i in range(1, min(len(lines), 200)):
            if lines[i].strip() == _FRONT_MATTER_FENCE:
                start = i + 1
                break
    for i in range(start, len(lines)):
        yield i + 1, lines[i].rstrip("\r")
    return None


def parse_hf_page_text(text: str, file: str, report: FileReport) -> list[Paper]:
    """Every entry becomes a Paper (with its source line) or a rejection in `report`."""
    papers: list[Paper] = []
    listing_date = ""
    current: _Entry | None = None
    previous_blank = True
    content = [(n, line) for n, line in _lines(text)]
    skipped_front_matter = content[0][0] - 1 if content else 0
    if skipped_front_matter:
        report.skipped["front-matter"] += skipped_front_matter

    def finish(entry: _Entry | None) -> None:
        if entry is None:
            return
        if not entry.abstract:
            report.reject(entry.line, f"title with no abstract: {entry.title[:80]!r}")
            return
        paper = _to_paper(entry, file, listing_date)
        if not paper.title or not paper.abstract:
            report.reject(entry.line, "title or abstract is empty once control characters go")
            return
        if len(paper.abstract) > MAX_ABSTRACT_CHARS:
            report.reject(entry.line, f"abstract of {len(paper.abstract):,} characters is too long")
            return
        papers.append(paper)

    for index, (number, raw) in enumerate(content):
        line = raw.strip()
        if not line:
            previous_blank = True
            continue
        was_blank, previous_blank = previous_blank, False
        if kind := chrome_kind(line):
            report.skipped[kind] += 1
            continue
        unglued = unglue_chrome(line)
        if unglued != line:
            report.skipped["glued-chrome"] += 1
            line = unglued
        if current is None and (date := parse_date(line)):
            listing_date = date[0]
            report.skipped["listing-date"] += 1
            continue
        if meta := parse_meta(line):
            if current is None:
                report.skipped[f"meta-{meta.kind}"] += 1
            else:
                current.meta.append(meta)
            continue
        heading = _HEADING.match(line)
        if heading:
            finish(current)
            current = _Entry(clean_text(heading.group(1).strip("# ")), number, from_heading=True)
            continue
        if current is None:
            if _title_like(line):
                current = _Entry(line, number)
            else:
                report.reject(number, f"text with no title before it ({len(line):,} characters)")
            continue
        if not current.abstract:
            if raw[:1].isspace() and _title_like(line) and not was_blank:
                current.title = f"{current.title} {line}"  # title wrapped with an indent
            elif _is_organisation(current, line):
                current.meta.append(Meta("organization", value=line))
            elif _title_like(line) and _next_is_abstract(content, index):
                finish(current)
                current = _Entry(line, number)
            else:
                current.abstract.append(line)
                current.last_line_len = len(line)
            continue
        continues_wrap = not was_blank and current.last_line_len <= WRAP_WIDTH
        if _title_like(line) and not continues_wrap:
            finish(current)
            current = _Entry(line, number)
        else:
            current.abstract.append(line)
            current.last_line_len = len(line)
    finish(current)
    return papers


def _is_organisation(entry: _Entry, line: str) -> bool:
    """A short name among an entry's metadata lines, before its abstract starts."""
    where = entry.from_heading or bool(entry.meta)
    return where and len(line) <= 80 and len(line.split()) <= 8 and _title_like(line)


def _next_is_abstract(content: list[tuple[int, str]], index: int) -> bool:
    """True when the next content line after `index` reads as an abstract."""
    for _, raw in _content_after(content, index):
        line = raw.strip()
        if chrome_kind(line) or parse_meta(line):
            continue
        return not _title_like(line)
    return False


def _content_after(content: list[tuple[int, str]], index: int) -> Iterable[tuple[int, str]]:
    for item in content[index + 1 : index + 40]:
        if item[1].strip():
            yield item


def _to_paper(entry: _Entry, file: str, listing_date: str) -> Paper:
    raw_abstract = "\n".join(entry.abstract)
    paper = Paper(
        title=clean_text(entry.title),
        abstract=clean_abstract(raw_abstract),
        sources=[Source(file, entry.line, listing_date)],
        links=extract_links(raw_abstract),
    )
    for meta in entry.meta:
        _apply_meta(paper, meta)
    return paper


def _apply_meta(paper: Paper, meta: Meta) -> None:
    if meta.kind == "authors":
        paper.num_authors = meta.number or 0
    elif meta.kind == "date" and re.match(r"\d{4}-", meta.value):
        paper.published = meta.value
    elif meta.kind == "upvotes":
        paper.upvotes = meta.number
    elif meta.kind == "arxiv":
        paper.arxiv_id = meta.value
    elif meta.kind == "github" and is_safe_url(meta.value):
        paper.github_repo = meta.value
        paper.github_stars = meta.number
    elif meta.kind == "organization":
        paper.organization = meta.value
