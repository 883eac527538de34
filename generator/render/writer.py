"""Write generated pages into the docs folder, atomically and incrementally.

The new tree is assembled in a hidden staging folder beside the generated
ones (MkDocs ignores dot-folders): unchanged files are hard-linked from the
current tree, so they keep their bytes and mtime (MkDocs' live reload relies
on that), changed ones are written. Only then is each generated folder
swapped in by a rename. A build killed while writing leaves the previous
pages in place; files no longer produced simply are not carried over, so no
folder grows without bound.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from generator.forked import abandoned, delete_later
from generator.render.pages import Page, Unchanged

GENERATED_DIRS = (
    "papers", "topics", "tags", "areas", "feeds", "stats",
    "date", "week", "month", "top", "authors",
)  # fmt: skip


def _top_level(rel: str) -> str:
    return rel.split("/", 1)[0]


def write_pages(docs_dir: Path, pages: dict[str, Page]) -> tuple[int, int]:
    """Returns (files written, files removed). An UNCHANGED page keeps its file."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    if _unchanged(docs_dir, pages):
        # Touch nothing: `serve` rebuilds on any change in docs/, so writing
        # even a staging folder here would make it rebuild forever.
        return 0, 0
    for stale in docs_dir.glob(".generating-*"):
        shutil.rmtree(stale, ignore_errors=True)  # left by a killed build
    for stale in abandoned(docs_dir.parent, _trash_prefix(docs_dir)):
        shutil.rmtree(stale, ignore_errors=True)  # a deletion that did not finish
    staging = Path(tempfile.mkdtemp(prefix=".generating-", dir=docs_dir))
    written = 0
    try:
        for rel, content in pages.items():
            current, staged = docs_dir / rel, staging / rel
            staged.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Unchanged):
                os.link(current, staged)  # checked to exist when it was marked
                continue
            data = content.encode("utf-8") if isinstance(content, str) else content
            try:
                if current.read_bytes() == data:
                    os.link(current, staged)
                    continue
            except OSError:
                pass
            staged.write_bytes(data)
            written += 1
        removed = _count_removed(docs_dir, pages)
        _swap_in(staging, docs_dir, pages)
        # The staging folder now holds the replaced trees: out of docs/ (MkDocs
        # must not see them), then deleted in the background (4 s at 10,000 papers).
        trash = docs_dir.parent / f"{_trash_prefix(docs_dir)}{os.getpid()}-{staging.name[-8:]}"
        os.rename(staging, trash)
        delete_later(trash, _trash_prefix(docs_dir))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written, removed


def _trash_prefix(docs_dir: Path) -> str:
    return f".{docs_dir.name}.old-"


def _unchanged(docs_dir: Path, pages: dict[str, Page]) -> bool:
    for rel, content in pages.items():
        if isinstance(content, Unchanged):
            continue
        data = content.encode("utf-8") if isinstance(content, str) else content
        try:
            if (docs_dir / rel).read_bytes() != data:
                return False
        except OSError:
            return False
    return _count_removed(docs_dir, pages) == 0


def _count_removed(docs_dir: Path, pages: dict) -> int:
    removed = 0
    for folder in GENERATED_DIRS:
        root = docs_dir / folder
        if root.is_dir():
            removed += sum(
                1
                for path in root.rglob("*")
                if path.is_file() and path.relative_to(docs_dir).as_posix() not in pages
            )
    return removed


def _swap_in(staging: Path, docs_dir: Path, pages: dict) -> None:
    folders = set(GENERATED_DIRS) | {_top_level(rel) for rel in pages if "/" in rel}
    for folder in sorted(folders):
        new, old = staging / folder, docs_dir / folder
        trash = staging / f".old-{folder}"
        if old.exists():
            os.rename(old, trash)
        if new.exists():
            os.rename(new, old)
    for rel in pages:
        if "/" not in rel:  # top-level generated files: index.md, report.md, papers.json
            os.replace(staging / rel, docs_dir / rel)
