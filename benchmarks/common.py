"""Shared helpers for benchmark and evaluation scripts (they print their figures)."""

from __future__ import annotations

import os
import platform
import resource
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("PAPER_SITE_SHARED", ROOT.parent / "shared")) / "data"
HF_DAILY = SHARED_DATA / "hf-daily-papers"


def machine() -> str:
    cpus = os.cpu_count()
    return f"{platform.machine()}, {cpus} cores, Python {platform.python_version()}"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
