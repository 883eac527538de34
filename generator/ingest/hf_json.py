"""Parse Hugging Face `api/daily_papers` JSON: an array, `{"data": [...]}`, one file per day."""

from __future__ import annotations

import json
import re
from typing import Any

from generator.ingest.clean import clean_abstract, clean_text, extract_links, is_safe_url
from generator.ingest.fields import as_int, as_list, as_text
from generator.ingest.report import FileReport
from generator.paper import Paper, Source

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_SUMMARY_CHARS = 600  # a one-sentence summary; longer is the abstract pasted again
_ARXIV_ID = re.compile(r"^\d{4}\.\d{4,5}$")


def load_json(text: str, report: FileReport) -> Any | None:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        msg = exc.msg.removesuffix(" at")  # "Unterminated string starting at"
        report.error = f"invalid JSON at line {exc.lineno}, column {exc.colno}: {msg}"
    except RecursionError:
        report.error = "invalid JSON: nested too deeply"
    return None


def parse_hf_daily_json(text: str, file: str, report: FileReport, day: str = "") -> list[Paper]:
    data = load_json(text, report)
    if data is None:
        return []
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        data = data["data"]
    if not isinstance(data, list):
        report.error = 'expected a JSON array of items or {"data": [...]}'
        return []
    return items_to_papers(data, file, report, day if _DAY.match(day) else "")


def items_to_papers(
    items: list, file: str, report: FileReport, listing_date: str = "", kind: str = "hf-json"
) -> list[Paper]:
    """Items in the API's shape; the listing date is the day asked for, else each item's."""
    papers = []
    for index, item in enumerate(items, start=1):
        paper = _item_to_paper(item, file, index, listing_date, kind)
        if isinstance(paper, str):
            report.reject(index, f"item {index}: {paper}")
        else:
            papers.append(paper)
    return papers


def item_listing_date(item: dict) -> str:
    """The Daily Papers day of an item read without a date to go by."""
    record = item.get("paper") if isinstance(item.get("paper"), dict) else {}
    for value in (record.get("submittedOnDailyAt"), item.get("publishedAt")):
        text = as_text(value)[:10]
        if _DAY.match(text):
            return text
    return ""


def _item_to_paper(item: Any, file: str, index: int, listing_date: str, kind: str) -> Paper | str:
    """A Paper, or the reason the item cannot become one."""
    if not isinstance(item, dict):
        return "not a JSON object"
    listing_date = listing_date or item_listing_date(item)
    record = item.get("paper") if isinstance(item.get("paper"), dict) else item
    title = clean_text(as_text(record.get("title")) or as_text(item.get("title")))
    raw_summary = as_text(record.get("summary")) or as_text(item.get("summary"))
    if not title:
        return "missing paper.title"
    abstract = clean_abstract(raw_summary)
    if not abstract:
        return f"missing paper.summary for {title[:60]!r}"
    arxiv_id = as_text(record.get("id")).strip()
    authors = [
        clean_text(as_text(a.get("name")))
        for a in as_list(record.get("authors"))
        if isinstance(a, dict) and as_text(a.get("name")).strip()
    ]
    github = as_text(record.get("githubRepo")).strip()
    project = as_text(record.get("projectPage")).strip()
    keywords = [clean_text(k) for k in as_list(record.get("ai_keywords")) if isinstance(k, str)]
    return Paper(
        title=title,
        abstract=abstract,
        sources=[Source(file, index, listing_date, kind=kind)],
        arxiv_id=arxiv_id if _ARXIV_ID.match(arxiv_id) else "",
        authors=authors,
        num_authors=len(authors),
        published=as_text(record.get("publishedAt"))[:10],
        upvotes=as_int(record.get("upvotes")),
        github_repo=github if is_safe_url(github) else "",
        github_stars=as_int(record.get("githubStars")),
        project_page=project if is_safe_url(project) else "",
        links=extract_links(raw_summary),
        keywords=[k for k in keywords if k][:30],
        ai_summary=_one_line_summary(as_text(record.get("ai_summary")), abstract),
    )


def _one_line_summary(text: str, abstract: str) -> str:
    """HF's ai_summary, unless it is the abstract again (2 of 2,838 shared records)."""
    summary = clean_text(text)
    if not summary or summary == abstract or len(summary) > MAX_SUMMARY_CHARS:
        return ""
    return summary
