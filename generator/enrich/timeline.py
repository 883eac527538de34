"""Papers by Daily Papers day, ISO week and month, and the top papers by votes.

A paper is on every day any of its sources lists it (an ISO `listing_date`).
"This week", "this month" and "this year" are those of the newest listing day
in the data, never the build's clock, so the same input gives the same pages.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from generator.paper import Paper

TOP_SIZE = 20
TOP_ALL_TIME = 50


def listing_days(paper: Paper) -> list[str]:
    """The ISO days the paper was listed on (printed dates without a year are not days)."""
    return sorted({s.listing_date for s in paper.sources if is_iso_day(s.listing_date)})


def is_iso_day(text: str) -> bool:
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def iso_week(day: str) -> str:
    year, week, _ = dt.date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"


def by_votes(papers: list[Paper]) -> list[Paper]:
    """Most upvotes first (papers without a count last), then by title."""
    return sorted(
        papers,
        key=lambda p: (-(p.upvotes if p.upvotes is not None else -1), p.title.lower(), p.slug),
    )


@dataclass
class Timeline:
    days: dict[str, list[Paper]] = field(default_factory=dict)  # oldest first; papers by votes
    weeks: dict[str, list[Paper]] = field(default_factory=dict)
    months: dict[str, list[Paper]] = field(default_factory=dict)
    undated: list[Paper] = field(default_factory=list)
    top: list[tuple[str, str, str, list[Paper]]] = field(default_factory=list)  # key, label, link

    @property
    def newest_day(self) -> str:
        return next(reversed(self.days), "")

    def neighbours(self, kind: str, key: str) -> tuple[str, str]:
        """(previous, next) keys with papers, or "" at either end."""
        keys = list(getattr(self, kind))
        i = keys.index(key)
        return (keys[i - 1] if i > 0 else "", keys[i + 1] if i + 1 < len(keys) else "")


def build_timeline(papers: list[Paper]) -> Timeline:
    days: dict[str, list[Paper]] = defaultdict(list)
    weeks: dict[str, dict[str, Paper]] = defaultdict(dict)
    months: dict[str, dict[str, Paper]] = defaultdict(dict)
    timeline = Timeline()
    for paper in papers:
        listed = listing_days(paper)
        if not listed:
            timeline.undated.append(paper)
        for day in listed:
            days[day].append(paper)
            weeks[iso_week(day)][paper.slug] = paper
            months[day[:7]][paper.slug] = paper
    timeline.days = {d: by_votes(ps) for d, ps in sorted(days.items())}
    timeline.weeks = {w: by_votes(list(ps.values())) for w, ps in sorted(weeks.items())}
    timeline.months = {m: by_votes(list(ps.values())) for m, ps in sorted(months.items())}
    timeline.undated.sort(key=lambda p: (p.title.lower(), p.slug))
    timeline.top = _top(timeline, papers)
    return timeline


def _top(timeline: Timeline, papers: list[Paper]) -> list[tuple[str, str, str, list[Paper]]]:
    newest = timeline.newest_day
    voted = [p for p in papers if p.upvotes is not None]
    rows: list[tuple[str, str, str, list[Paper]]] = []
    if newest:
        week, month, year = iso_week(newest), newest[:7], newest[:4]
        in_year = {p.slug: p for d, ps in timeline.days.items() if d[:4] == year for p in ps}
        rows += [
            ("week", f"This week ({week})", f"week/{week}", _voted(timeline.weeks[week])),
            ("month", f"This month ({month})", f"month/{month}", _voted(timeline.months[month])),
            ("year", f"This year ({year})", "", _voted(list(in_year.values()))),
        ]
    rows.append(("all", "All time", "", by_votes(voted)[:TOP_ALL_TIME]))
    return [
        (k, label, link, ps[: TOP_ALL_TIME if k == "all" else TOP_SIZE])
        for k, label, link, ps in rows
    ]


def _voted(papers: list[Paper]) -> list[Paper]:
    return [p for p in by_votes(papers) if p.upvotes is not None]
