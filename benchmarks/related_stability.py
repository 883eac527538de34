"""How many existing papers' related lists change when bench_build's 50-paper listing
is added to 3,000 papers (every changed list is a page the daily rebuild must redo).

    python benchmarks/related_stability.py [N]

Target (issue 15): at most 10% of the existing papers.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_build import ADDED  # noqa: E402
from benchmarks.corpus import make_records  # noqa: E402
from generator.enrich import enrich  # noqa: E402
from generator.ingest.hf_json import items_to_papers  # noqa: E402
from generator.ingest.report import FileReport  # noqa: E402


def papers(records: list[dict]):
    return items_to_papers([{"paper": r} for r in records], "bench.json", FileReport("b"))


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 3000
    records = make_records(n + ADDED)
    before = {p.arxiv_id: [r.slug for r in p.related] for p in enrich(papers(records[:n])).papers}
    after = {p.arxiv_id: [r.slug for r in p.related] for p in enrich(papers(records)).papers}
    changed = sum(before[k] != after[k] for k in before)
    print(
        f"related lists changed by adding {ADDED} papers to {n:,}: {changed:,}"
        f" ({changed / n:.1%}; target <= 10%)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
