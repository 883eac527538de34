"""`python -m generator fetch`: one `api/daily_papers` file per Daily Papers date.

Each day is paged (`limit`, `p` from 0) until a page comes back short, checked
(a JSON array of items with `paper.id` and `paper.title`), then written whole
to `DIR/YYYY-MM-DD.json` by an atomic rename. A failed day leaves no file. Past
days already on disk are not asked again; today and the two days before it are,
since their lists and votes still change. `_fetched.json` records when each day
was fetched.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.ingest.read import FETCH_RECORD
from generator.sources.atomic import remove_stale_temps, write_atomic
from generator.sources.http import FetchError, PoliteClient
from generator.sources.progress import Progress

PAGE_LIMIT = 50  # the API's default page size
MAX_PAGES = 40  # 2,000 papers a day: far above any real day, bounds the loop
STILL_CHANGING_DAYS = 2  # today and the two days before it are fetched again
_DAY_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.json$")


class DayFailed(Exception):
    """A day that cannot be written; the message is the one-line reason."""


@dataclass(frozen=True)
class DayOutcome:
    day: dt.date
    outcome: str  # fetched | skipped | failed
    items: int = 0
    reason: str = ""


def day_files(folder: Path) -> dict[dt.date, Path]:
    out = {}
    if folder.is_dir():
        for path in folder.iterdir():
            if m := _DAY_FILE.match(path.name):
                try:
                    out[dt.date.fromisoformat(m.group(1))] = path
                except ValueError:
                    continue
    return out


def default_since(folder: Path, today: dt.date) -> dt.date:
    """The earlier of the day after the newest file and two days before today, else today."""
    days = day_files(folder)
    if not days:
        return today
    return min(max(days) + dt.timedelta(days=1), today - dt.timedelta(days=STILL_CHANGING_DAYS))


def date_range(since: dt.date, until: dt.date) -> Iterator[dt.date]:
    day = since
    while day <= until:
        yield day
        day += dt.timedelta(days=1)


def check_items(body: str, where: str) -> list:
    """The page's items, or DayFailed naming what is wrong with the body."""
    if body.lstrip()[:1] == "<":
        raise DayFailed(f"{where}: not JSON (an HTML page?)")
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise DayFailed(f"{where}: invalid or truncated JSON ({exc.msg}, char {exc.pos})") from None
    if not isinstance(data, list):
        raise DayFailed(f"{where}: expected a JSON array of items, got {type(data).__name__}")
    for n, item in enumerate(data, start=1):
        paper = item.get("paper") if isinstance(item, dict) else None
        if not isinstance(paper, dict) or not paper.get("id") or not paper.get("title"):
            raise DayFailed(f"{where}: item {n} has no paper.id and paper.title")
    return data


def fetch_day(client: PoliteClient, base: str, day: dt.date) -> list:
    items: list = []
    for page in range(MAX_PAGES):
        where = f"page {page}"
        try:
            response = client.get(
                f"{base}/api/daily_papers",
                {"date": day.isoformat(), "limit": PAGE_LIMIT, "p": page},
            )
        except FetchError as exc:
            raise DayFailed(f"{where}: {exc}") from None
        if response.status_code != 200:
            raise DayFailed(f"{where}: HTTP {response.status_code}")
        batch = check_items(response.text, where)
        items.extend(batch)
        if len(batch) < PAGE_LIMIT:
            return items
    raise DayFailed(f"more than {MAX_PAGES} full pages; stopped")


def read_record(folder: Path) -> dict[str, dict]:
    try:
        data = json.loads((folder / FETCH_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    days = data.get("days") if isinstance(data, dict) else None
    return days if isinstance(days, dict) else {}


def write_record(folder: Path, days: dict[str, dict]) -> None:
    text = json.dumps({"days": dict(sorted(days.items()))}, indent=1, sort_keys=True)
    write_atomic(folder / FETCH_RECORD, text + "\n")


def fetch_range(
    client: PoliteClient,
    base: str,
    days: list[dt.date],
    folder: Path,
    today: dt.date,
    refresh: bool = False,
    progress: Progress | None = None,
) -> list[DayOutcome]:
    remove_stale_temps(folder)
    existing = day_files(folder)
    record = read_record(folder)
    outcomes = []
    for day in days:
        changing = day >= today - dt.timedelta(days=STILL_CHANGING_DAYS)
        if day in existing and not refresh and not changing:
            outcome = DayOutcome(day, "skipped")
        else:
            try:
                items = fetch_day(client, base, day)
            except DayFailed as exc:
                outcome = DayOutcome(day, "failed", reason=str(exc))
            else:
                text = json.dumps(items, ensure_ascii=False, indent=1)
                write_atomic(folder / f"{day.isoformat()}.json", text + "\n")
                record[day.isoformat()] = {
                    "fetched_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "items": len(items),
                }
                write_record(folder, record)
                outcome = DayOutcome(day, "fetched", items=len(items))
        outcomes.append(outcome)
        if progress:
            progress.step(outcome.outcome, day.isoformat())
    return outcomes
