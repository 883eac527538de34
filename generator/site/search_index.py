"""Pagefind, the hosted site's search: its bundles, and indexing while the site renders.

Pagefind reads two things of a paper page: the `<html>` tag (the language) and the
elements the templates mark `data-pagefind-body` (title, abstract, authors; not the
tag chips, which change on old papers as the collection grows: see below).
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

Pagefind cannot update an index, so the index is split into *bundles by date*:
the paper pages, oldest first (the generator's `papers/.by-date`), in bundles of
exactly `per_bundle` pages counted from the oldest, and the newest bundle holding
the rest. Papers arrive newest, so a daily rebuild changes only the newest bundle;
every other bundle's copies are unchanged, and its index, kept beside the copies
under a fingerprint of their contents, is hard-linked into the site instead of
being built again. The search box merges the bundles (`pagefind/bundles.json`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from importlib import metadata
from itertools import pairwise
from pathlib import Path

from mkdocs.exceptions import PluginError

from generator.render.paths import DATE_ORDER

log = logging.getLogger("mkdocs.plugins.paper-site")
PAGEFIND_BUNDLE_PAGES = 10_000  # paper pages per Pagefind bundle (fragment folder size)
SMALL_STEPS = 20  # below one sealed bundle, the middle bundle grows by per_bundle // 20
MANIFEST = "copies.json"  # {output path: [page key, hash of its copy]}
_MARK = "data-pagefind-"
_HTML = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_BODY_MARK = "data-pagefind-body"
_OPEN = re.compile(r"<([a-zA-Z][\w-]*)\b[^>]*>")
_LINK_TAG = re.compile(r"</?a\b[^>]*>", re.IGNORECASE)
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())

# (path in the site, page key, its HTML: None when it is not known yet)
SearchPage = tuple[str, str, Callable[[], str | None]]
Bundle = tuple[str, list[str]]  # (output folder in the site, output paths of its pages)


def count_paper_pages(docs_dir: str) -> int:
    root = Path(docs_dir) / "papers"
    return sum(1 for _ in root.glob("*/*.md")) if root.is_dir() else 0


def is_indexed(dest_uri: str) -> bool:
    """Whether Pagefind indexes this output file: the paper pages."""
    return dest_uri.startswith("papers/") and dest_uri.endswith(".html")


def read_date_order(docs_dir: str) -> list[str]:
    """The generator's paper pages oldest first (docs paths); [] when it wrote none."""
    try:
        text = (Path(docs_dir) / DATE_ORDER).read_text(encoding="utf-8")
    except OSError:
        return []
    return [line for line in text.splitlines() if line]


def order_by_date(pages: Iterable[tuple[str, str]], order: list[str]) -> list[str]:
    """The output paths of `pages` ((docs path, output path)) oldest first, by the
    generator's `order`; pages it does not list come last, by path."""
    rank = {src: i for i, src in enumerate(order)}
    last = len(rank)
    ranked = sorted((rank.get(src, last), src, dest) for src, dest in pages)
    return [dest for _, _, dest in ranked]


def plan_bundles(dests: Sequence[str], per_bundle: int = PAGEFIND_BUNDLE_PAGES) -> list[Bundle]:
    """Split pages (oldest first) into bundles, so that a rebuild that adds the newest
    pages re-indexes few of them.

    - Sealed bundles of exactly `per_bundle` pages, counted from the oldest; once
      full, a bundle never changes again when newer pages arrive.
    - After them, a bundle of the rest in whole steps (the middle bundle), re-indexed
      once every step: steps of `per_bundle // 10` pages after a sealed bundle, of
      `per_bundle // SMALL_STEPS` before the first one;
    - and the newest pages, fewer than a step: the only bundle re-indexed every day.

    When the middle and newest bundles together reach `per_bundle` pages, they
    become one sealed bundle, indexed once more. With 10,000 pages a bundle and 50
    new papers a day, a day re-indexes the newest bundle (about 500 pages on
    average), every 20 days the middle one as well (up to 9,000), and every 200
    days a new sealed one: about 800 pages a day on average, against 5,000 with
    one level. Below 10,000 pages, the newest bundle holds under 500 pages and the
    middle one is re-indexed every 10 days: about 1,200 pages a day on average at
    9,000 papers, against all 9,000 with one bundle. Bundles are reused by content,
    not by name.

    The newest bundle goes to pagefind/, the folder every page loads the search from,
    the older ones to pagefind-1/ (the oldest), pagefind-2/, ... Each bundle keeps
    one fragment file per page in one folder, so no folder passes `per_bundle`
    entries (Netlify refuses 54,000). A merged bundle loads no WebAssembly of its own,
    but each adds its metadata and index chunks to a first query: at 10,049 papers
    241 KB with one bundle, 271 KB with two (10,000 and 49), 314 KB with three
    (docs/benchmarks.md). So a site has at most two bundles up to `per_bundle` pages,
    and the newest stays small: 9,000 and 999 pages moved 306 KB at 10,000 papers,
    over the 300 KB budget.
    """
    size = max(1, per_bundle)
    n = len(dests)
    if n <= size:
        step = max(1, size // SMALL_STEPS)
        cuts = [0, n // step * step, n]
    else:
        step = max(1, size // 10)
        sealed = n // size * size
        middle = sealed + (n - sealed) // step * step
        cuts = [*range(0, sealed, size), sealed, middle, n]
    chunks = [list(dests[a:b]) for a, b in pairwise(cuts) if b > a] or [[]]
    names = [f"pagefind-{k}" for k in range(1, len(chunks))] + ["pagefind"]
    return list(zip(names, chunks, strict=True))


def fingerprint(dests: Sequence[str], hashes: dict[str, str]) -> str:
    """What a bundle's index is made from: its pages' copies and Pagefind's version."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"pagefind {_pagefind_version()}\n".encode())
    for dest in dests:
        h.update(f"{dest}\t{hashes[dest]}\n".encode())
    return h.hexdigest()


@lru_cache(maxsize=1)
def _pagefind_version() -> str:
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "unknown"


class Indexing:
    """Pagefind running on every bundle, `jobs` bundles at a time, in the background.

    With `store` (a folder kept between builds) and `hashes` (each page's copy's
    content hash), a bundle whose fingerprint is in the store is hard-linked from
    it instead of being indexed again; a bundle indexed anew is kept there. One
    Pagefind run keeps about 1.4 of this machine's 2 cores busy; two bundles of
    5,000 pages took 12.0 s side by side against 16.7 s one after the other."""

    def __init__(
        self,
        source: str,
        site_dir: str,
        bundles: list[Bundle],
        jobs: int,
        store: Path | None = None,
        hashes: dict[str, str] | None = None,
    ) -> None:
        self.site_dir = site_dir
        self.roots = f"{source.rstrip(os.sep)}.roots"  # bundles' pages, hard-linked
        self.folders = [name for name, _ in bundles]
        self.processes: list[subprocess.Popen] = []
        self.pool = ThreadPoolExecutor(max_workers=max(1, jobs))
        self.store = store if hashes is not None else None
        self.fingerprints = [
            fingerprint(dests, hashes) if self.store is not None and hashes is not None else ""
            for _, dests in bundles
        ]
        self.reused = 0
        if self.store is not None:
            self.store.mkdir(parents=True, exist_ok=True)
            for stale in self.store.glob("*.partial"):
                shutil.rmtree(stale, ignore_errors=True)  # left by a killed build
        whole = len(bundles) == 1  # the source holds exactly its pages
        self.running: list[Future] = [
            self.pool.submit(self._bundle, source, name, dests, mark, whole)
            for (name, dests), mark in zip(bundles, self.fingerprints, strict=True)
        ]

    def _bundle(self, source: str, name: str, dests: list[str], mark: str, whole: bool) -> None:
        target = os.path.join(self.site_dir, name)
        if self.store is None or not mark:
            self._index(source, dests, target, whole)
            return
        kept = self.store / mark
        if kept.is_dir():
            self.reused += 1
        else:
            partial = self.store / f"{mark}.partial"
            self._index(source, dests, str(partial), whole)
            partial.rename(kept)
        _link_tree(kept, Path(target))

    def _index(self, source: str, dests: list[str], output: str, whole: bool) -> None:
        if whole:
            self._run(source, output)
            return
        root = Path(self.roots) / os.path.basename(output)
        shutil.rmtree(root, ignore_errors=True)
        try:
            for dest in dests:
                _link(Path(source) / dest, root / dest)
            self._run(str(root), output)
        finally:
            shutil.rmtree(root, ignore_errors=True)

    def _run(self, site: str, output: str) -> None:
        command = [
            sys.executable, "-m", "pagefind", "--site", site, "--glob", "papers/**/*.html",
            "--output-path", output, "--quiet",
        ]  # fmt: skip
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.processes.append(process)
        stdout, stderr = process.communicate()
        if process.returncode != 0:
            output_text = (stderr or stdout).strip()[-500:]
            raise PluginError(f"pagefind failed on {site}: {output_text}")

    def wait(self) -> None:
        """Wait for every bundle, then list the others for assets/pagefind-init.js to
        merge: a file rather than an attribute in every page, so crossing a bundle
        count changes no page. Bundles the store holds for no page of this build
        are deleted (no folder grows without bound)."""
        try:
            for running in self.running:
                running.result()
        finally:
            self.pool.shutdown()
            shutil.rmtree(self.roots, ignore_errors=True)
        merge = [f"../{folder}/" for folder in self.folders if folder != "pagefind"]
        with open(os.path.join(self.site_dir, "pagefind", "bundles.json"), "w") as handle:
            json.dump({"merge": merge}, handle)
        if self.store is not None:
            for kept in self.store.iterdir():
                if kept.name not in self.fingerprints:
                    shutil.rmtree(kept, ignore_errors=True)

    def cancel(self) -> None:
        for running in self.running:
            running.cancel()
        for process in self.processes:
            if process.poll() is None:
                process.kill()
        self.pool.shutdown()


def run_pagefind(site_dir: str, bundles: list[Bundle], jobs: int = 1) -> None:
    """Index the built site's paper pages into <site>/pagefind/ (and pagefind-N/)."""
    Indexing(site_dir, site_dir, bundles, jobs).wait()


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another filesystem, or no hard links: a copy does the same
        shutil.copy2(source, target)


def _link_tree(source: Path, target: Path) -> None:
    for folder, _, names in os.walk(source):
        relative = Path(folder).relative_to(source)
        for name in names:
            _link(Path(folder) / name, target / relative / name)


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


def update_copies(folder: Path, pages: Iterable[SearchPage]) -> dict[str, str] | None:
    """Make `folder` hold the search copy of exactly `pages`, and return each copy's
    content hash by output path; None (and no manifest, so the next build starts
    over) when one of them cannot be copied."""
    manifest = folder / MANIFEST
    try:
        previous: dict[str, list[str]] = json.loads(manifest.read_text(encoding="utf-8"))
        manifest.unlink()  # until the copies match a manifest again
    except (OSError, ValueError):
        previous = {}
        shutil.rmtree(folder, ignore_errors=True)
    current: dict[str, list[str]] = {}
    for dest, key, load in pages:
        target = folder / dest
        known = previous.get(dest)
        if known is not None and known[0] == key and target.is_file():
            current[dest] = known
            continue
        html = load()
        text = search_text(html) if html is not None else None
        if text is None:
            return None
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        current[dest] = [key, copy_hash(text)]
    for dest in previous.keys() - current.keys():
        _remove(folder, dest)
    folder.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps(current, sort_keys=True), encoding="utf-8")
    return {dest: known[1] for dest, known in current.items()}


def copy_hash(text: str) -> str:
    """A search copy's hash for its bundle's fingerprint, without its links' tags:
    Pagefind indexes a link's text, not where it goes, so a paper whose author gains
    a page of their own (a second paper) changes its page, not its bundle's index."""
    return hashlib.blake2b(_LINK_TAG.sub("", text).encode(), digest_size=16).hexdigest()


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
