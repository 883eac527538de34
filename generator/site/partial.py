"""Rebuild only the pages that changed; take the rest from the previous site.

Even with every page in the page cache, MkDocs reads, parses and writes every
page on every build (about 1 ms a page). For the daily loop, where 50 new
papers change a few hundred of 15,000 pages, that is most of the rebuild. So
when the previous build of the same site is known to match, a page is
*clean* and is not read, rendered or written at all: its previous output is
hard-linked into the new tree (which is still built beside the old one and
swapped in whole, see mkdocs_build.py).

A page is clean when all of these hold:
- the previous tree at the target was written by a build with the same
  configuration, nav, theme and versions (its stamp in the page cache);
- it does not link to a page that has left the site since (that must warn);
- the page is not in the nav (nav pages show other pages' titles);
- its source file has the modification time and size of its cached row,
  which has both results, and its previous output exists.

Anchors of clean pages and their links to other pages' anchors are restored
from the cache, so MkDocs still validates every anchor link of the site.
Partial builds are only used where the search index is built from the pages
on disk (Pagefind, or no search): Material's own index is collected while
pages render. `tests/test_incremental_build.py` checks that a partial build
writes the same tree as a cold one.
"""

from __future__ import annotations

import logging
import os
import shutil
import types
from typing import Any

from generator.site.page_cache import PageCache

PREVIOUS_ENV = "PAPER_SITE_PREVIOUS"  # the site folder this build will replace


class _SkippedTemplates(logging.Filter):
    """MkDocs logs every page whose template gave nothing, and skips writing it (at
    INFO, which `mkdocs build` prints); clean pages give nothing on purpose."""

    def __init__(self, clean: set[str]) -> None:
        super().__init__()
        self.clean = clean

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not message.startswith(("Template skipped: '", "Page skipped: '")):
            return True
        return message.split("'")[1] not in self.clean


def remember_pages(files: Any) -> None:
    """Keep `files.documentation_pages()` for the rest of the build (call it once the
    files are final, from `on_nav`): it is a list over every file, 0.05 s at 10,000
    papers and ten times that at 100,000, and the plugin asks for it nine times."""
    files._paper_site_pages = (len(files), files.documentation_pages())


def pages_of(files: Any) -> Any:
    """`files.documentation_pages()`, as remembered if the files have not changed since."""
    kept = getattr(files, "_paper_site_pages", None)
    if kept is not None and kept[0] == len(files):
        return kept[1]
    return files.documentation_pages()


def clean_pages(cache: PageCache, files: Any, nav: Any, base: str, backend: str) -> set[str]:
    """The src_uris of pages this build can take from the previous site, hard-linked in."""
    previous = os.environ.get(PREVIOUS_ENV, "")
    if not previous or backend == "material" or not os.path.isdir(previous):
        return set()
    if not cache.site_matches(previous, base):
        return set()
    pages = pages_of(files)
    gone = cache.keys.keys() - {f.src_uri for f in pages}
    linking = cache.linking_to(gone) if gone else set()  # those links must warn again
    in_nav = {page.file.src_uri for page in nav.pages} | linking
    clean = set()
    folders: set[str] = set()  # made already (makedirs per page: 0.4 s at 10,000 papers)
    for file in pages:
        render_key, page_key = cache.keys.get(file.src_uri, ("", ""))
        if file.src_uri in in_nav or not render_key or not page_key:
            continue
        if not cache.source_unchanged(file):
            continue
        folder = os.path.dirname(file.abs_dest_path)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        old = os.path.join(previous, file.dest_uri)
        try:
            os.link(old, file.abs_dest_path)
        except FileNotFoundError:  # no previous output: the page is built
            continue
        except OSError:  # another filesystem, or no hard links: a copy does the same
            shutil.copy2(old, file.abs_dest_path)
        clean.add(file.src_uri)
    return clean


def skip_clean_pages(files: Any, config: Any, cache: PageCache, clean: set[str]) -> logging.Filter:
    """Make MkDocs' read and render of clean pages no-ops, with their anchors restored."""
    from mkdocs.structure.pages import Page

    anchors = cache.anchors(clean)
    for file in pages_of(files):
        if file.src_uri not in clean:
            continue
        page = file.page if file.page is not None else Page(None, file, config)
        present, links = anchors[file.src_uri]
        _stub(page, present, links, files)
    log_filter = _SkippedTemplates(clean)
    logging.getLogger("mkdocs.commands.build").addFilter(log_filter)
    return log_filter


def _stub(page: Any, present: list[str], links: dict[str, dict[str, str]], files: Any) -> None:
    """Give a clean page what other pages and MkDocs' last checks read of it (its
    anchors, its links to other pages' anchors), and make reading and rendering it
    no-ops, for builds that still call them (ProperDocs, a plain `mkdocs build`)."""
    from mkdocs.structure.toc import TableOfContents

    page.markdown, page.meta, page.content, page.toc = "", {}, "", TableOfContents([])
    page.present_anchor_ids = set(present)
    # Stored targets are src_uris already: a plain lookup, not get_file_from_path,
    # whose PurePath parsing took 2 s over 186,000 links at 10,000 papers.
    uris = files.src_uris
    page.links_to_anchors = {uris[t]: found for t, found in links.items() if t in uris}

    def nothing(self, *args: Any) -> None:
        return None

    page.read_source = types.MethodType(nothing, page)
    page.render = types.MethodType(nothing, page)


def mark_modified(files: Any, clean: set[str]) -> None:
    """What MkDocs' dirty build (mkdocs_build.build_site) asks of each page: clean
    pages are unmodified, so its two loops skip them, with every plugin event, the
    template context and the log line per page; every other page is modified."""
    for file in pages_of(files):
        file.is_modified = _unmodified if file.src_uri in clean else _modified


def _modified() -> bool:
    return True


def _unmodified() -> bool:
    return False
