"""Check the date archive on the bundled listings plus the shared HF JSON, count the
pages of each kind, and measure what the new page kinds cost the build.

    python benchmarks/check_dates.py [--no-build]

1. Day counts: every /date/<day>/ page must list exactly the distinct papers of that
   day's file (counted here straight from the JSON, not by the generator), and week
   and month pages the union of their days.
2. Pages by kind, and the same extrapolated to 10,000 papers (per-paper ratios).
3. Unless --no-build: the full site is built twice in one run, with and without the
   day, week, month, top and author pages, and both times are printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_build import make_project  # noqa: E402
from benchmarks.common import HF_DAILY, ROOT, machine  # noqa: E402

ENTRY = re.compile(r"^- .*\*\*\[", re.M)
KINDS = ("papers", "topics", "areas", "tags", "date", "week", "month", "top", "authors", "feeds")


def expected_days() -> dict[str, set[str]]:
    out = {}
    for path in sorted(HF_DAILY.glob("*.json")):
        out[path.stem] = {item["paper"]["id"] for item in json.loads(path.read_text())}
    return out


def check_counts(docs: Path, days: dict[str, set[str]]) -> list[str]:
    problems = []
    weeks, months = defaultdict(set), defaultdict(set)
    for day, ids in days.items():
        if not ids:
            continue
        year, week, _ = dt.date.fromisoformat(day).isocalendar()
        weeks[f"{year}-W{week:02d}"] |= ids
        months[day[:7]] |= ids
        for kind, key, want in (("date", day, ids),):
            problems += _check(docs, kind, key, len(want))
    for week, ids in weeks.items():
        problems += _check(docs, "week", week, len(ids))
    for month, ids in months.items():
        problems += _check(docs, "month", month, len(ids))
    return problems


def _check(docs: Path, kind: str, key: str, want: int) -> list[str]:
    pages = sorted((docs / kind / key).glob("*.md"))
    got = sum(len(ENTRY.findall(p.read_text())) for p in pages)
    return [] if got == want else [f"{kind}/{key}: {got} listed, {want} in the input"]


def page_counts(docs: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in docs.rglob("*"):
        if path.is_file() and path.suffix in (".md", ".xml", ".json"):
            top = path.relative_to(docs).parts[0]
            counts[top if top in KINDS else "other"] += 1
    return counts


def timed_build(inputs: list[Path], work: Path, without_browsing: bool) -> float:
    from generator import enrich
    from generator.build import build
    from generator.enrich.authors import AuthorIndex
    from generator.enrich.timeline import Timeline

    saved = enrich.build_timeline, enrich.index_authors
    if without_browsing:
        enrich.build_timeline = lambda papers: Timeline()
        enrich.index_authors = lambda papers: AuthorIndex()
    try:
        config = make_project(work, naive=False)
        start = time.perf_counter()
        build(inputs, work / "site", config)
        return time.perf_counter() - start
    finally:
        enrich.build_timeline, enrich.index_authors = saved


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args(argv)
    if not HF_DAILY.is_dir():
        print(f"skipped: {HF_DAILY} not found (the shared data is not beside the repo)")
        return 0
    from generator.build import generate

    inputs = [ROOT / "listings", HF_DAILY]
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        result = generate(inputs, make_project(work / "gen", naive=False))
        docs = work / "gen" / "docs"
        problems = check_counts(docs, expected_days())
        cat = result.catalogue
        print(
            f"papers {len(cat.papers)}; days {len(cat.timeline.days)}, weeks"
            f" {len(cat.timeline.weeks)}, months {len(cat.timeline.months)},"
            f" undated {len(cat.timeline.undated)}; authors with 2+ papers"
            f" {len(cat.authors.authors)} on {len(cat.authors.pages)} pages"
        )
        print(f"day/week/month counts against the input files: {len(problems)} mismatches")
        for line in problems[:20]:
            print(f"  ! {line}")
        counts = page_counts(docs)
        scale = 10_000 / len(cat.papers)
        print("pages by kind (Markdown and feed files):  here  -> at 10,000 papers (linear)")
        for kind in (*KINDS, "other"):
            print(f"  {kind:8} {counts[kind]:7,}  -> {counts[kind] * scale:9,.0f}")
        print(f"  {'total':8} {sum(counts.values()):7,}  -> {sum(counts.values()) * scale:9,.0f}")
        print("  (days, weeks and months grow with the calendar, not with papers: at ~50")
        print("   papers a day, 10,000 papers are ~200 days, ~40 weeks, ~10 months)")
        if not args.no_build:
            with_s = timed_build(inputs, work / "with", without_browsing=False)
            without_s = timed_build(inputs, work / "without", without_browsing=True)
            print(
                f"full build: {with_s:.1f} s with the browsing pages, {without_s:.1f} s without"
                f" ({with_s / without_s:.2f}x, same run)"
            )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
