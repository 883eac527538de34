"""The `.npz` files enrichment keeps between builds: written whole or not at all,
text kept as UTF-8 bytes, so loading never needs pickle (`allow_pickle=False`)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np


def save_npz(path: Path, **arrays: np.ndarray) -> None:
    """Write `arrays` to `path` through a side file: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial.npz")
    np.savez(partial, **arrays)
    os.replace(partial, path)


def blob(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)


def text(data: np.ndarray) -> str:
    return bytes(data).decode("utf-8", "surrogatepass")
