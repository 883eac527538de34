"""Write generated pages into the docs folder, in place and incrementally.

A page whose digest matched (UNCHANGED) is not touched, nor is a page whose bytes
equal its file's; every other page is written where it belongs. Files in the
generated folders that this build did not produce are deleted, with the folders
they leave empty. So a rebuild touches only what changed (about 900 files on a
day of 50 papers at 10,000), and one that changes nothing touches nothing in
docs/, as `serve` rebuilds on any change there. Unchanged files keep their bytes
and mtime, which MkDocs' live reload and the site stage's page checks rely on.

Assembling a whole new tree instead (a folder and a hard link per unchanged page,
then a swap and the old tree's deletion) cost 2-5 s of a 10,000-paper rebuild.

Interrupted builds: the digest files (`.digests.json`, which say which pages on
disk are current) are written last, after every page. Before its first change
to docs/, a build leaves a marker beside it, and removes it once the digests are
written. A build that finds the marker (the one before was killed or failed while
writing) first deletes the digests, so every page is rendered again and compared
with its file, and the tree comes out as a clean build's. Until then docs/ may
hold old and new pages side by side; the site stage runs only after the generator
has finished, and site/ is still swapped in whole (site/mkdocs_build.py).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.forked import abandoned
from generator.render.digests import DIGESTS
from generator.render.pages import Page, Unchanged

GENERATED_DIRS = (
    "papers", "topics", "tags", "areas", "feeds", "stats",
    "date", "week", "month", "top", "authors",
)  # fmt: skip


def write_pages(docs_dir: Path, pages: dict[str, Page]) -> tuple[int, int]:
    """Returns (files written, files removed). An UNCHANGED page keeps its file."""
    with PageWriter(docs_dir) as writer:
        writer.add(pages)
    return writer.written, writer.removed


def marker_path(docs_dir: Path) -> Path:
    """Present while a build is changing docs/, and after one that did not finish."""
    return docs_dir.parent / f".{docs_dir.name}.writing"


class PageWriter:
    """Takes pages as they are rendered, so no structure holds every page (at
    100,000 papers that was gigabytes)."""

    def __init__(self, docs_dir: Path) -> None:
        self.docs_dir = docs_dir
        self.written = self.removed = 0
        self.seen: set[str] = set()
        self.made: set[str] = set()  # folders known to exist
        self.digests: dict[str, bytes] = {}  # written last
        self.marked = False

    def __enter__(self) -> PageWriter:
        docs_dir = self.docs_dir
        docs_dir.mkdir(parents=True, exist_ok=True)
        _remove_old_staging(docs_dir)
        if marker_path(docs_dir).exists():  # the last build stopped while writing
            for stale in docs_dir.glob(f"*/{DIGESTS}"):
                stale.unlink()
            self.marked = True
        return self

    def add(self, pages: dict[str, Page]) -> None:
        docs = os.fspath(self.docs_dir)  # strings: pathlib's joins cost more than the work
        for rel, content in pages.items():
            self.seen.add(rel)
            if isinstance(content, Unchanged):
                continue  # checked to exist when it was marked
            data = content.encode("utf-8") if isinstance(content, str) else content
            if rel.rpartition("/")[2] == DIGESTS:
                self.digests[rel] = data
                continue
            self._put(docs, rel, data)

    def _put(self, docs: str, rel: str, data: bytes) -> None:
        path = os.path.join(docs, rel)
        try:  # a file of another size differs: not read (papers.json: 270 MB at 100k)
            if os.stat(path).st_size == len(data) and _read(path) == data:
                return
        except OSError:
            pass
        self._mark()
        folder = os.path.dirname(path)
        if folder not in self.made:
            os.makedirs(folder, exist_ok=True)
            self.made.add(folder)
        _write(path, data)
        self.written += 1

    def _mark(self) -> None:
        if not self.marked:
            marker_path(self.docs_dir).write_text(f"{os.getpid()}\n", encoding="utf-8")
            self.marked = True

    def __exit__(self, kind, error, trace) -> None:
        if kind is not None:
            return  # the marker stays: the next build repairs what this one left
        self.removed = self._remove_unproduced()
        docs = os.fspath(self.docs_dir)
        for rel, data in sorted(self.digests.items()):
            self._put(docs, rel, data)
        if self.marked:
            marker_path(self.docs_dir).unlink(missing_ok=True)

    def _remove_unproduced(self) -> int:
        """Delete files in the generated folders that this build did not produce, and
        the folders that leaves empty (os.walk on strings: Path.rglob took 1.3 s at
        10,000 papers)."""
        docs_dir, removed = self.docs_dir, 0
        emptied: set[str] = set()
        folders = set(GENERATED_DIRS) | {rel.split("/", 1)[0] for rel in self.seen if "/" in rel}
        for top in sorted(folders):
            for where, dirs, files in os.walk(docs_dir / top, topdown=False):
                rel = os.path.relpath(where, docs_dir).replace(os.sep, "/")
                gone = [name for name in files if f"{rel}/{name}" not in self.seen]
                for name in gone:
                    self._mark()
                    os.unlink(os.path.join(where, name))
                removed += len(gone)
                # A folder this build emptied goes; one that was empty already stays.
                emptied_now = (gone or dirs) and len(gone) == len(files)
                if emptied_now and all(f"{rel}/{d}" in emptied for d in dirs):
                    os.rmdir(where)
                    emptied.add(rel)
        return removed


def _remove_old_staging(docs_dir: Path) -> None:
    """Staging and replaced trees of builds before pages were written in place, or
    of killed ones: no folder grows without bound."""
    for stale in docs_dir.glob(".generating-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in docs_dir.parent.glob(f".{docs_dir.name}.generating-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in abandoned(docs_dir.parent, f".{docs_dir.name}.old-"):
        shutil.rmtree(stale, ignore_errors=True)


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _write(path: str, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
