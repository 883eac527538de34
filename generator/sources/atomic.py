"""Write a file so that readers see the old version or the new one, never half of it."""

from __future__ import annotations

import os
from pathlib import Path

TEMP_PREFIX = ".tmp-"  # a dot file: ingest never reads one left by a killed process


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f"{TEMP_PREFIX}{path.name}.{os.getpid()}")
    try:
        with open(temp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def remove_stale_temps(folder: Path) -> int:
    """Temp files of earlier runs that were killed mid-write."""
    if not folder.is_dir():
        return 0
    stale = list(folder.glob(f"{TEMP_PREFIX}*"))
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)
