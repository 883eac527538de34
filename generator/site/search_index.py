"""Pagefind, the hosted site's search: its bundles, and indexing while the site renders.

Pagefind reads two things of a paper page: the `<html>` tag (the language) and the
elements the templates mark `data-pagefind-body` (title, tags, abstract, authors).
So the plugin keeps a *search copy* of every paper page beside the page cache: those
parts alone, in a small HTML file at the page's own path. Indexed from the copies,
Pagefind writes the same index, byte for byte, as from the pages
(`tests/test_search_index.py`), and faster (10,049 paper pages: 14.3 s against
18.9 s, as they are 2.6 KB rather than 19.5 KB). And it can start as soon as every
paper page's HTML is known, when the page workers are done (`on_env`), so it runs
beside MkDocs' own loop over the pages instead of after it.

A copy is made from the page's final HTML: a page rendered in this build from its
row in the page cache, a page taken from the previous site from its file. A
manifest names the page key each copy was made from, so a page whose key has not
changed keeps its copy unread. Where a page's HTML is not known yet, or uses
Pagefind attributes outside its marked elements, the plugin indexes the built site
after the build instead, as before.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.plugins.paper-site")
PAGEFIND_BUNDLE_PAGES = 10_000  # paper pages per Pagefind bundle (fragment folder size)
MANIFEST = "manifest.json"
_MARK = "data-pagefind-"
_HTML = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_BODY_MARK = "data-pagefind-body"
_OPEN = re.compile(r"<([a-zA-Z][\w-]*)\b[^>]*>")
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())

# (path in the site, page key, its HTML: None when it is not known yet)
SearchPage = tuple[str, str, Callable[[], str | None]]


def count_paper_pages(docs_dir: str) -> int:
    root = Path(docs_dir) / "papers"
    return sum(1 for _ in root.glob("*/*.md")) if root.is_dir() else 0


def is_indexed(dest_uri: str) -> bool:
    """Whether Pagefind's glob (papers/**/*.html) takes this output file."""
    return dest_uri.startswith("papers/") and dest_uri.endswith(".html")


def bundle_globs(papers: int, per_bundle: int = PAGEFIND_BUNDLE_PAGES) -> list[str]:
    """Globs splitting the paper pages into Pagefind bundles of at most `per_bundle` pages.

    Each bundle keeps one fragment file per page in one folder; split, no folder
    passes 10,000 entries (Netlify refuses 54,000). Paper pages sit in 256 shard
    folders (papers/00 .. papers/ff, spread evenly by hash), so a bundle is a
    range of first hex digits: 1, 2, 4, 8 or 16 bundles. Up to `per_bundle` pages
    stay in one bundle: every extra bundle adds its own WebAssembly and entry
    files to a first query (at 10,000 papers: 239 KB with one, 312 KB with two).
    Split bundles are sized for 95% of `per_bundle`, as hashing is not exactly even.
    """
    count = 1
    if papers > per_bundle:
        count = 2
        while count < 16 and papers > count * per_bundle * 0.95:
            count *= 2
    digits = "0123456789abcdef"
    width = 16 // count
    if count == 1:
        return ["papers/**/*.html"]
    return [f"papers/[{digits[i : i + width]}]?/**/*.html" for i in range(0, 16, width)]


def bundle_dirs(papers: int, per_bundle: int = PAGEFIND_BUNDLE_PAGES) -> list[str]:
    """Output folders of the bundles, relative to the site: pagefind/, pagefind-1/, ..."""
    count = len(bundle_globs(papers, per_bundle))
    return ["pagefind"] + [f"pagefind-{i}" for i in range(1, count)]


class Indexing:
    """Pagefind running on every bundle, `jobs` bundles at a time, in the background.

    One Pagefind run keeps about 1.4 of this machine's 2 cores busy; two bundles of
    5,000 pages took 12.0 s side by side against 16.7 s one after the other."""

    def __init__(self, source: str, site_dir: str, papers: int, per_bundle: int, jobs: int) -> None:
        self.site_dir = site_dir
        self.folders = bundle_dirs(papers, per_bundle)
        self.processes: list[subprocess.Popen] = []
        self.pool = ThreadPoolExecutor(max_workers=max(1, jobs))
        globs = bundle_globs(papers, per_bundle)
        self.running: list[Future] = [
            self.pool.submit(self._index, source, glob, os.path.join(site_dir, folder))
            for glob, folder in zip(globs, self.folders, strict=True)
        ]

    def _index(self, source: str, glob: str, output: str) -> None:
        command = [
            sys.executable, "-m", "pagefind", "--site", source, "--glob", glob,
            "--output-path", output, "--quiet",
        ]  # fmt: skip
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.processes.append(process)
        stdout, stderr = process.communicate()
        if process.returncode != 0:
            output_text = (stderr or stdout).strip()[-500:]
            raise PluginError(f"pagefind failed on {glob}: {output_text}")

    def wait(self) -> None:
        """Wait for every bundle, then list the others for assets/pagefind-init.js to
        merge: a file rather than an attribute in every page, so crossing a bundle
        count changes no page."""
        try:
            for running in self.running:
                running.result()
        finally:
            self.pool.shutdown()
        merge = [f"../{folder}/" for folder in self.folders[1:]]
        with open(os.path.join(self.site_dir, self.folders[0], "bundles.json"), "w") as handle:
            json.dump({"merge": merge}, handle)

    def cancel(self) -> None:
        for running in self.running:
            running.cancel()
        for process in self.processes:
            if process.poll() is None:
                process.kill()
        self.pool.shutdown()


def run_pagefind(
    site_dir: str, papers: int, per_bundle: int = PAGEFIND_BUNDLE_PAGES, jobs: int = 1
) -> None:
    """Index the built site's paper pages into <site>/pagefind/ (and pagefind-N/)."""
    Indexing(site_dir, site_dir, papers, per_bundle, jobs).wait()


def search_text(html: str) -> str | None:
    """What Pagefind reads of `html`, as a page of its own: the `<html>` tag and every
    element marked data-pagefind-body. None when the page marks nothing (Pagefind
    would index its whole body) or uses Pagefind attributes outside those elements."""
    parts: list[str] = []
    position = 0
    found = html.find(_BODY_MARK)
    while found >= 0:
        start = html.rfind("<", position, found)
        tag = _OPEN.match(html, start) if start >= 0 else None
        if tag is None or tag.end() <= found:
            found = html.find(_BODY_MARK, found + 1)  # text, not an attribute
            continue
        end = _element_end(html, tag.group(1).lower(), tag.end())
        if end < 0:
            return None
        parts.append(html[start:end])
        position = end
        found = html.find(_BODY_MARK, end)
    if not parts or html.count(_MARK) != sum(part.count(_MARK) for part in parts):
        return None
    head = _HTML.search(html)
    opening = head.group(0) if head else "<html>"
    return f"<!doctype html>{opening}<body>{''.join(parts)}</body></html>\n"


@lru_cache(maxsize=64)
def _tag_pattern(tag: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){re.escape(tag)}\b[^>]*>", re.IGNORECASE)


def _element_end(html: str, tag: str, start: int) -> int:
    """Where the element whose opening tag ends at `start` closes (-1: never)."""
    if tag in _VOID:
        return start
    depth = 1
    for match in _tag_pattern(tag).finditer(html, start):
        if match.group(1):
            depth -= 1
        elif not match.group(0).endswith("/>"):
            depth += 1
        if depth == 0:
            return match.end()
    return -1


def update_copies(folder: Path, pages: Iterable[SearchPage]) -> bool:
    """Make `folder` hold the search copy of exactly `pages`; False (and no manifest,
    so the next build starts over) when one of them cannot be copied."""
    manifest = folder / MANIFEST
    try:
        previous: dict[str, str] = json.loads(manifest.read_text(encoding="utf-8"))
        manifest.unlink()  # until the copies match a manifest again
    except (OSError, ValueError):
        previous = {}
        shutil.rmtree(folder, ignore_errors=True)
    current: dict[str, str] = {}
    for dest, key, load in pages:
        target = folder / dest
        current[dest] = key
        if previous.get(dest) == key and target.is_file():
            continue
        html = load()
        text = search_text(html) if html is not None else None
        if text is None:
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for dest in previous.keys() - current.keys():
        _remove(folder, dest)
    folder.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps(current, sort_keys=True), encoding="utf-8")
    return True


def _remove(folder: Path, dest: str) -> None:
    """Delete a copy, and the folders it leaves empty (no folder grows without bound)."""
    target = folder / dest
    target.unlink(missing_ok=True)
    parent = target.parent
    while parent != folder:
        try:
            parent.rmdir()
        except OSError:
            return  # not empty
        parent = parent.parent
