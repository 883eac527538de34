"""`python -m generator resolve`: arXiv ids for papers read without one.

Each title is looked up with `GET /api/papers/search?q=<title>`; a result is
accepted only when its normalised title equals ours, and only when exactly one
paper does. What was found is written as a listing of our own format (default
`listings/resolved.yaml`), which the normal build merges: builds stay offline
and deterministic. Titles found there are not asked about again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.ingest import ingest_paths
from generator.ingest.clean import clean_abstract, clean_text, is_safe_url
from generator.ingest.fields import as_list, as_text
from generator.paper import normalise_title
from generator.sources.atomic import write_atomic
from generator.sources.fetch import DayFailed, check_items
from generator.sources.http import FetchError, PoliteClient
from generator.sources.progress import Progress

MAX_QUERY_CHARS = 200  # the API cuts long queries; titles are shorter than this
SEARCH_LIMIT = 10
HEADER = (
    "# Written by `python -m generator resolve`: arXiv ids found for titles read without one.\n"
    "# Each entry's title matched a Hugging Face search result exactly (normalised).\n"
)


@dataclass
class ResolveResult:
    found: int = 0
    unmatched: int = 0
    ambiguous: int = 0
    failed: int = 0
    already: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self, out: Path) -> str:
        return (
            f"resolve: {self.found} found (written to {out}), {self.unmatched} unmatched,"
            f" {self.ambiguous} ambiguous, {self.failed} failed; {self.already} already resolved"
        )


def _record(item: Any) -> dict:
    if isinstance(item, dict) and isinstance(item.get("paper"), dict):
        return item["paper"]
    return item if isinstance(item, dict) else {}


def _entry(title: str, record: dict) -> dict:
    authors = [
        clean_text(as_text(a.get("name")))
        for a in as_list(record.get("authors"))
        if isinstance(a, dict) and as_text(a.get("name")).strip()
    ]
    entry = {
        "title": title,
        "arxiv_id": as_text(record.get("id")).strip(),
        "abstract": clean_abstract(as_text(record.get("summary"))),
        "authors": authors,
        "published": as_text(record.get("publishedAt"))[:10],
        "github": as_text(record.get("githubRepo")).strip(),
        "project_page": as_text(record.get("projectPage")).strip(),
    }
    for key in ("github", "project_page"):
        if not is_safe_url(entry[key]):
            entry[key] = ""
    return {k: v for k, v in entry.items() if v}


def read_resolved(path: Path) -> dict[str, dict]:
    """Entries already in the output listing, by normalised title."""
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    papers = data.get("papers") if isinstance(data, dict) else data
    return {
        normalise_title(as_text(p.get("title"))): p
        for p in as_list(papers)
        if isinstance(p, dict) and p.get("title")
    }


def lookup(client: PoliteClient, base: str, title: str) -> tuple[dict | None, str]:
    """(record, "") for one exact match, else (None, reason)."""
    try:
        response = client.get(
            f"{base}/api/papers/search", {"q": title[:MAX_QUERY_CHARS], "limit": SEARCH_LIMIT}
        )
    except FetchError as exc:
        return None, f"failed: {exc}"
    if response.status_code != 200:
        return None, f"failed: HTTP {response.status_code}"
    try:
        items = check_items(response.text, "search") if response.text.strip() != "[]" else []
    except DayFailed as exc:
        # Search results may be bare paper objects; accept those too.
        items = _bare_papers(response.text)
        if items is None:
            return None, f"failed: {exc}"
    wanted = normalise_title(title)
    matches = {}
    for item in items:
        record = _record(item)
        if normalise_title(as_text(record.get("title"))) == wanted and record.get("id"):
            matches[as_text(record["id"])] = record
    if not matches:
        return None, "unmatched: no result with this exact title"
    if len(matches) > 1:
        return (
            None,
            f"ambiguous: {len(matches)} papers with this title ({', '.join(sorted(matches))})",
        )
    return next(iter(matches.values())), ""


def _bare_papers(text: str) -> list | None:
    import json

    try:
        data = json.loads(text)
    except ValueError:
        return None
    if isinstance(data, list) and all(isinstance(d, dict) and d.get("title") for d in data):
        return data
    return None


def resolve_titles(
    paths: Iterable[Path], out: Path, client: PoliteClient, base: str, quiet: bool = False
) -> ResolveResult:
    collection, _report = ingest_paths(list(paths))
    resolved = read_resolved(out)
    result = ResolveResult()
    todo = []
    for paper in collection:
        if paper.arxiv_id:
            continue
        if normalise_title(paper.title) in resolved:
            result.already += 1
        else:
            todo.append(paper)
    progress = Progress(
        len(todo), "titles", ("found", "unmatched", "ambiguous", "failed"), quiet=quiet
    )
    for paper in todo:
        record, reason = lookup(client, base, paper.title)
        source = paper.sources[0]
        if record is not None:
            resolved[normalise_title(paper.title)] = _entry(paper.title, record)
            result.found += 1
            outcome = "found"
        else:
            outcome = reason.split(":", 1)[0]
            setattr(result, outcome, getattr(result, outcome) + 1)
            result.problems.append(f"{source.file}:{source.line}: {paper.title[:70]!r}: {reason}")
        progress.step(outcome, paper.title[:40])
    progress.close()
    if result.found:
        entries = sorted(resolved.values(), key=lambda e: normalise_title(as_text(e["title"])))
        text = yaml.safe_dump({"papers": entries}, allow_unicode=True, sort_keys=False, width=100)
        write_atomic(out, HEADER + text)
    return result
