"""Resource bounds: pathological lines, a million chrome lines, a 100 MB listing.

The limits here are generous on purpose: they catch catastrophic regex
backtracking and quadratic loops (minutes or hours), not ordinary noise.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from contextlib import contextmanager

import pytest

from generator.ingest.clean import clean_abstract, extract_links
from generator.ingest.hf_text import parse_hf_page_text
from generator.ingest.latex import latex_to_text
from generator.ingest.report import FileReport
from generator.render.escape import escape_markdown
from tests.conftest import LISTINGS, ROOT

N = 200_000
PATHOLOGICAL = {
    "letters": "a" * N,
    "url-run": "http://" + "a" * N,
    "urls": "https://github.com/" * (N // 20),
    "braces": "{" * N,
    "backslashes": "\\" * N,
    "dollars": "$" * N,
    "dollar-pairs": "$a" * (N // 2),
    "carets": "^{" * (N // 2),
    "accents": '\\"' * (N // 2),
    "hyphen-wraps": "a-\n" * (N // 3),
    "dashes": "- " * (N // 2),
    "github-links": "[LINK: GitHub 1k](" * (N // 20),
    "dates": "Mar 14, " * (N // 8),
    "digits": "1" * N,
    "sentences": ". A" * (N // 3),
    "markdown": "*_[](){}#+-.!|`" * (N // 15),
}


@contextmanager
def time_limit(seconds: int):
    def fail(*_args):
        raise TimeoutError(f"took longer than {seconds}s")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_line_does_not_backtrack(name):
    text = PATHOLOGICAL[name]
    with time_limit(20):
        parse_hf_page_text(f"A Title\n{text}\n", "x.txt", FileReport("x.txt"))
        parse_hf_page_text(text, "x.txt", FileReport("x.txt"))
        clean_abstract(text)
        extract_links(text)
        latex_to_text(text)
        escape_markdown(text)


def test_a_million_chrome_lines_complete(tmp_path):
    lines = ["Subscribe", "new", "Get trending papers in your email inbox!", "Mar 14", ""] * 200_000
    report = FileReport("chrome.txt")
    with time_limit(60):
        papers = parse_hf_page_text("\n".join(lines), "chrome.txt", report)
    assert papers == [] and sum(report.skipped.values()) == 800_000


@pytest.mark.slow
def test_100_mb_listing_uses_well_under_ten_times_its_size(tmp_path):
    entry = (LISTINGS / "000_2330d60cc52b9a08.txt").read_text()
    path = tmp_path / "big.txt"
    with path.open("w") as handle:
        copy = 0
        while handle.tell() < 100 * 1024 * 1024:
            # Vary every title so each copy is a new paper, not a duplicate.
            handle.write("\n".join(
                f"{line} (copy {copy})" if i % 2 == 0 and i > 1 else line
                for i, line in enumerate(entry.splitlines())
            ) + "\n")  # fmt: skip
            copy += 1
    script = (
        "import json, resource, sys\n"
        "from pathlib import Path\n"
        "from generator.ingest import ingest_paths\n"
        "collection, report = ingest_paths([Path(sys.argv[1])])\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024\n"
        "print(json.dumps({'peak': peak, 'papers': len(collection), **report.totals()}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, cwd=ROOT,
        timeout=900, check=True,
    )  # fmt: skip
    result = json.loads(out.stdout)
    size = path.stat().st_size
    assert result["papers"] > 50_000
    assert result["entries_found"] == (
        result["papers_created"] + result["duplicates_merged"] + result["entries_rejected"]
    )
    assert result["peak"] < 6 * size, f"peak {result['peak'] / 1e6:.0f} MB for {size / 1e6:.0f} MB"
