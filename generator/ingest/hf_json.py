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
    listing_date = day if _DAY.match(day) else ""
    papers = []
    for index, item in enumerate(data, start=1):
        paper = _item_to_paper(item, file, index, listing_date)
        if isinstance(paper, str):
            report.reject(index, f"item {index}: {paper}")
        else:
            papers.append(paper)
    return papers


def _item_to_paper(item: Any, file: str, index: int, listing_date: str) -> Paper | str:
    """A Paper, or the reason the item cannot become one."""
    if not isinstance(item, dict):
        return "not a JSON object"
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
        sources=[Source(file, index, listing_date, kind="hf-json")],
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
    )
