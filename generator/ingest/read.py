"""Find listing files, decode them, detect their format and parse each one."""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path

from generator.errors import InputError
from generator.ingest.hf_html import HTML_SUFFIXES, parse_hf_html
from generator.ingest.hf_json import parse_hf_daily_json
from generator.ingest.hf_text import parse_hf_page_text
from generator.ingest.own_format import parse_own_listing
from generator.ingest.parse_cache import ParseCache
from generator.ingest.report import FileReport, FoundEntry, Freshness, IngestReport
from generator.paper import Paper, PaperCollection

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
JSON_SUFFIXES = {".json"}
YAML_SUFFIXES = {".yaml", ".yml"}
FORMATS = ("auto", "hf-text", "hf-json", "hf-html", "listing")
_HTML_STARTS = ("<!doctype html", "<html")
STRUCTURED = ("hf-json", "hf-html", "listing")  # merged over scraped page text
MAX_FILE_BYTES = 512 * 1024 * 1024


_DAY_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")
FETCH_RECORD = "_fetched.json"  # written by `fetch` beside its day files; not a listing


def _bookkeeping(name: str) -> bool:
    return name.startswith(".") or name == FETCH_RECORD


def _saved_page_assets(folder: str, names: list[str]) -> bool:
    """The `<name>_files/` folder a browser's "Save page, complete" writes beside the page."""
    stem = folder.removesuffix("_files")
    return folder.endswith("_files") and any(f"{stem}{s}" in names for s in HTML_SUFFIXES)


def discover(
    paths: Iterable[Path], assets: list[Path] | None = None, records: list[Path] | None = None
) -> list[Path]:
    """Listing files under the given paths, sorted so output never depends on the OS.

    Folders of saved-page assets are not entered; they are added to `assets`.
    Fetch records (`_fetched.json`) are not listings; they are added to `records`.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                skipped = [d for d in dirs if _saved_page_assets(d, names)]
                if assets is not None:
                    assets.extend(Path(root) / d for d in sorted(skipped))
                if records is not None and FETCH_RECORD in names:
                    records.append(Path(root) / FETCH_RECORD)
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in skipped)
                files.extend(Path(root) / n for n in sorted(names) if not _bookkeeping(n))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or directory")
    return files


def display_name(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def decode(data: bytes, report: FileReport) -> str | None:
    """Text of the file, or None with `report.error` set."""
    if not data.strip():
        report.error = "empty file"
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        report.warnings.append("decoded as UTF-16 (please save listings as UTF-8)")
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:8192]:
        report.error = "binary file, not a text listing"
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report.warnings.append(
            f"not valid UTF-8 (byte {exc.start}); decoded as Latin-1 (please save as UTF-8)"
        )
        return data.decode("latin-1")


def detect_format(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    head = text.lstrip()[:1]
    if suffix in YAML_SUFFIXES:
        return "listing"
    if suffix in HTML_SUFFIXES or text.lstrip()[:15].lower().startswith(
        ("<!doctype html", "<html")
    ):
        return "hf-html"
    if suffix in JSON_SUFFIXES or head in ("[", "{"):
        return "hf-json" if '"paper"' in text[:20000] or '"data"' in text[:2000] else "listing"
    return "hf-text"


def parse_file(path: Path, fmt: str, report: FileReport) -> list[Paper]:
    if path.suffix.lower() not in TEXT_SUFFIXES | JSON_SUFFIXES | YAML_SUFFIXES | HTML_SUFFIXES:
        report.format = "skipped"
        report.warnings.append(f"not a listing file ({path.suffix}); skipped")
        return []
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        report.error = f"file of {size:,} bytes is larger than the {MAX_FILE_BYTES:,} byte limit"
        return []
    text = decode(path.read_bytes(), report)
    if text is None:
        return []
    report.format = detect_format(path, text) if fmt == "auto" else fmt
    if report.format == "hf-json":
        return parse_hf_daily_json(text, report.file, report, day=path.stem)
    if report.format == "hf-html":
        papers = parse_hf_html(text, report.file, report)
        if not papers and not report.rejected and not report.error:
            report.error = "no papers found (not a Hugging Face papers page?)"
        return papers
    if report.format == "listing":
        return parse_own_listing(
            text, report.file, report, yaml_syntax=path.suffix in YAML_SUFFIXES
        )
    papers = parse_hf_page_text(text, report.file, report)
    if joins := report.ambiguous_joins:
        where = ", ".join(f"{report.file}:{n}" for n in joins[:10])
        more = f" and {len(joins) - 10} more" if len(joins) > 10 else ""
        report.warnings.append(
            f"{len(joins)} line(s) that could start an entry were read as the end of the"
            f" abstract before them: {where}{more}"
        )
    if not papers and not report.rejected:
        report.error = "no papers found (only page chrome or metadata)"
    return papers


def read_freshness(report: IngestReport, records: list[Path]) -> Freshness:
    """The newest Daily Papers day file and the latest fetch time, from the data."""
    days = [
        Path(f.file).stem
        for f in report.files
        if f.format == "hf-json" and _DAY_NAME.match(Path(f.file).name)
    ]
    fetched = []
    for record in records:
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        entries = data.get("days") if isinstance(data, dict) else None
        for entry in entries.values() if isinstance(entries, dict) else []:
            if isinstance(entry, dict) and isinstance(entry.get("fetched_at"), str):
                fetched.append(entry["fetched_at"][:20])
    return Freshness(max(days, default=""), max(fetched, default=""))


def ingest_paths(
    paths: Iterable[Path], fmt: str = "auto", cache_dir: Path | None = None
) -> tuple[PaperCollection, IngestReport]:
    """Read every listing into one collection; merge duplicates; account for every entry.
    `cache_dir`: where each file's parse is kept for the next run (parse_cache.py)."""
    collection = PaperCollection()
    report = IngestReport()
    cache = ParseCache(cache_dir)
    assets: list[Path] = []
    records: list[Path] = []
    for path in discover(paths, assets, records):
        file_report = FileReport(display_name(path))
        report.files.append(file_report)
        papers = cache.parse(path, fmt, file_report, parse_file)
        structured = file_report.format in STRUCTURED
        for paper in papers:
            file_report.entries_found += 1
            file_report.found.append(FoundEntry(paper.title, paper.sources[0].line, paper.arxiv_id))
            if collection.add(paper, structured=structured):
                file_report.papers_created += 1
            else:
                file_report.duplicates_merged += 1
        if file_report.error:
            log.warning("%s: %s", file_report.file, file_report.error)
        for warning in file_report.warnings:
            log.warning("%s: %s", file_report.file, warning)
    cache.close()
    report.freshness = read_freshness(report, records)
    for folder in assets:
        count = sum(len(names) for _, _, names in os.walk(folder))
        skipped = FileReport(display_name(folder), format="skipped")
        skipped.skipped["saved-page-assets"] = count
        report.files.append(skipped)
    return collection, report
