"""Time enrichment (areas, topics, tags, related) at several collection sizes.

    python benchmarks/bench_enrich.py [N ...]     (default: 1000 5000 10000)

Each size runs three times; the median and the fastest run are printed (this
machine's timings move by about 10% from run to run).

Target (issues 4 and 15): 10,000 papers in at most 10 s on a 2-core machine; memory
must not be quadratic (no dense N x N matrix).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import machine, peak_rss_mb  # noqa: E402
from benchmarks.corpus import make_records  # noqa: E402
from generator.enrich import enrich  # noqa: E402
from generator.ingest.hf_json import items_to_papers  # noqa: E402
from generator.ingest.report import FileReport  # noqa: E402

REPEATS = 3


def papers_for(n: int):
    items = [{"paper": r} for r in make_records(n)]
    return items_to_papers(items, "bench.json", FileReport("bench.json"))


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [1000, 5000, 10000]
    print(f"machine: {machine()}")
    print(f"{'papers':>8} {'median s':>9} {'fastest s':>10} {'papers/s':>9} {'peak RSS MB':>12}")
    for n in sizes:
        times = []
        for _ in range(REPEATS):
            papers = papers_for(n)
            start = time.perf_counter()
            enrich(papers)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        # Peak RSS of the whole process so far (sizes run in increasing order).
        row = f"{n:>8} {median:>9.2f} {min(times):>10.2f} {n / median:>9.0f}"
        print(f"{row} {peak_rss_mb():>12.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
