"""The benchmarks still run: each at a tiny size, so a refactor cannot quietly break one.

Their figures are not checked here (machines are noisy); docs/benchmarks.md holds them.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT, SHARED_DATA, require_shared

pytestmark = pytest.mark.slow


def run(script: str, *args: str) -> str:
    require_shared(SHARED_DATA / "hf-daily-papers")
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_bench_build_runs_at_a_tiny_size():
    out = run("bench_build.py", "--sizes", "60", "--bare", "60")
    rows = [line.split() for line in out.splitlines()]
    assert [row[1] for row in rows if len(row) > 10 and row[0] == "60"] == ["bare", "ours"]
    assert "add the next day's 50-paper listing to 60 papers and rebuild" in out
    assert "add the day after's 50-paper listing to 60 papers and rebuild" in out
    assert "add an old-dated 50-paper listing to 60 papers and rebuild" in out
    assert "page cache per page at 60" in out


def test_bench_enrich_runs_at_a_tiny_size():
    out = run("bench_enrich.py", "200")
    assert any(line.split()[:1] == ["200"] for line in out.splitlines())
