"""Fetch 30 Daily Papers days from a local stand-in API at --rate 50, then ingest them.

    python benchmarks/bench_fetch.py [DAYS]

The server (tests/hf_server.py) serves 30 consecutive real days of the shared
HF JSON (or the three recorded test days, repeated, where ../shared is absent) on
127.0.0.1. --rate 50 keeps the rate limiter from dominating, so the figure is the
code's: HTTP, checking, atomic writes, the fetch record.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import HF_DAILY, machine  # noqa: E402
from generator.ingest import ingest_paths  # noqa: E402
from generator.sources.fetch import date_range, fetch_range  # noqa: E402
from generator.sources.http import PoliteClient, Politeness  # noqa: E402
from tests.hf_server import FakeHub, fake_hub, recorded_days  # noqa: E402


def thirty_days(count: int) -> dict[str, list]:
    start = dt.date(2026, 5, 1)
    days = [d.isoformat() for d in date_range(start, start + dt.timedelta(days=count - 1))]
    if HF_DAILY.is_dir():
        real = sorted(HF_DAILY.glob("*.json"))[-count:]
        items = [json.loads(p.read_text(encoding="utf-8")) for p in real]
        source = f"the newest {len(real)} days of {HF_DAILY}"
    else:
        recorded = list(recorded_days().values())
        items = [recorded[i % len(recorded)] for i in range(count)]
        source = "tests/fixtures/hf_api, repeated"
    print(f"days served: {count} ({source})")
    return dict(zip(days, items, strict=False))


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    days = thirty_days(count)
    dates = [dt.date.fromisoformat(d) for d in days]
    print(f"machine: {machine()}")
    for rate, label in ((50, "--rate 50"), (1e9, "no rate limit")):
        with tempfile.TemporaryDirectory() as tmp, fake_hub(FakeHub(days)) as hub:
            folder = Path(tmp) / "hf"
            start = time.perf_counter()
            with PoliteClient(Politeness(rate=rate)) as client:
                later = dates[-1] + dt.timedelta(30)
                outcomes = fetch_range(client, hub.url, dates, folder, later)
            fetch_s = time.perf_counter() - start
            start = time.perf_counter()
            collection, report = ingest_paths([folder])
            ingest_s = time.perf_counter() - start
        fetched = sum(o.outcome == "fetched" for o in outcomes)
        items = sum(o.items for o in outcomes)
        print(
            f"fetch ({label}): {fetched} days, {items} items, {client.requests} requests"
            f" in {fetch_s:.2f} s; ingest: {len(collection)} papers from"
            f" {len(report.files)} files in {ingest_s:.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
