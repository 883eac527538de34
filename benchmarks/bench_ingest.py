"""Ingest the shared Hugging Face JSON (4,934 records in 576 daily files) and time it.

    python benchmarks/bench_ingest.py [PATH]

Target (issue 3): under 3 s on a 2-core machine.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import HF_DAILY, machine, peak_rss_mb  # noqa: E402
from generator.ingest import ingest_paths  # noqa: E402


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else HF_DAILY
    if not path.exists():
        print(f"skipped: {path} not found (the shared data is not beside the repo)")
        return 0
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        collection, report = ingest_paths([path])
        runs.append(time.perf_counter() - start)
    t = report.totals()
    print(f"machine: {machine()}")
    print(
        f"files {t['files']}  entries {t['entries_found']}  papers {t['papers_created']}"
        f"  merged {t['duplicates_merged']}  rejected {t['entries_rejected']}"
    )
    print(f"ingest time: best {min(runs):.2f}s  median {sorted(runs)[1]:.2f}s  (target < 3 s)")
    print(f"records/s: {t['entries_found'] / min(runs):,.0f}  peak RSS {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
