"""MkDocs plugin `paper-site`: build-time tweaks the generated site needs.

- `search`: `material` (Material's built-in lunr search), `pagefind`, or `auto`
  (the default): Pagefind when the site has more than `pagefind_above` paper
  pages. Material's index grows by about 2.3 KB per paper and every page loads
  it whole; Pagefind loads only the index chunks a query needs. Pagefind cannot
  work from file://, so the offline build always uses Material's search.
- `search_text_limit`: cut each search document's text to this many characters
  (0 = keep all). The offline build uses it: its index is inlined as a script
  and searched on the main thread, where a large index freezes the page.
- `pagefind_bundle_pages`: the Pagefind index is split into bundles by date, sealed
  bundles of this many paper pages and the newer pages after them (see
  `plan_bundles`), which the search box merges.
- `cache_dir`: where rendered pages are kept between builds, relative to
  mkdocs.yml (see page_cache.py); an empty value turns the cache off.
- `jobs`: processes rendering pages (see workers.py); 0, the default, means
  $PAPER_SITE_JOBS if set, else every core. Workers need the page cache.
- `shells`: render Material's shell once per kind of page and fill in each
  page's parts (see shells.py); on by default, needs the page cache.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, event_priority

from generator.site import partial, raw_html, workers
from generator.site.page_cache import (
    CachingTemplate,
    PageCache,
    WarningCounter,
    config_digest,
    digest,
    install_render,
    linked_pages,
    markdown_digest,
    nav_digest,
    page_key,
)
from generator.site.search_index import (
    PAGEFIND_BUNDLE_PAGES,
    Bundle,
    Indexing,
    SearchPage,
    count_paper_pages,
    is_indexed,
    order_by_date,
    plan_bundles,
    read_date_order,
    run_pagefind,
    update_copies,
)
from generator.site.shells import Shells

log = logging.getLogger("mkdocs.plugins.paper-site")
PAGEFIND_ABOVE = 2_000  # papers; see the README ("Search")


class PaperSiteConfig(Config):
    search = opt.Choice(("auto", "material", "pagefind"), default="auto")
    pagefind_above = opt.Type(int, default=PAGEFIND_ABOVE)
    search_text_limit = opt.Type(int, default=0)
    pagefind_bundle_pages = opt.Type(int, default=PAGEFIND_BUNDLE_PAGES)
    cache_dir = opt.Type(str, default=".cache/paper-site")
    jobs = opt.Type(int, default=0)
    shells = opt.Type(bool, default=True)


class PaperSitePlugin(BasePlugin[PaperSiteConfig]):
    backend = "material"
    papers = 0
    cache: PageCache | None = None
    warnings: WarningCounter | None = None
    jobs = 1
    nav = None
    skip_filter: logging.Filter | None = None
    shells: Shells | None = None
    indexing: Indexing | None = None  # Pagefind, started once every paper page is known
    bundles: list[Bundle] = []  # Pagefind's bundles, oldest first (search_index.py)

    def __init__(self) -> None:
        self.render_keys: dict[str, str] = {}
        self.clean: set[str] = set()  # pages taken from the previous site (partial.py)
        self.template_base = self.markdown_base = ""

    @event_priority(100)  # before Material's search plugin reads its own config
    def on_config(self, config):
        backend = self.config.search
        self.papers = count_paper_pages(config.docs_dir)
        if backend == "auto":
            backend = "pagefind" if self.papers > self.config.pagefind_above else "material"
        self.backend = backend
        self.jobs = workers.job_count(self.config.jobs)
        config.extra["search_backend"] = backend
        if backend == "pagefind" and "material/search" in config.plugins:
            config.plugins["material/search"].config.enabled = False
        self._close_cache()
        self.clean = set()
        self.shells = None
        self.indexing = None
        if self.config.cache_dir:
            self.warnings = WarningCounter()
            logging.getLogger("mkdocs").addHandler(self.warnings)
        return config

    @event_priority(-100)  # the files as every other plugin left them
    def on_files(self, files, *, config):
        if self.backend == "pagefind":
            pages = files.documentation_pages()
            indexed = ((f.src_uri, f.dest_uri) for f in pages if is_indexed(f.dest_uri))
            dests = order_by_date(indexed, read_date_order(config.docs_dir))
            self.bundles = plan_bundles(dests, self.config.pagefind_bundle_pages)
        return files

    # The page cache (page_cache.py) --------------------------------------
    @event_priority(-100)  # after every other plugin changed the config and files
    def on_nav(self, nav, *, config, files):
        if self.config.cache_dir:
            base = Path(config.config_file_path or ".").parent / self.config.cache_dir
            markdown = markdown_digest(config)
            self.cache = PageCache(base / "pages.sqlite", markdown)
            self.markdown_base = markdown
            self.template_base = digest(config_digest(config), nav_digest(nav))
            self.render_keys = {}
            self.nav = nav
            partial.remember_pages(files)
            self.clean = partial.clean_pages(
                self.cache, files, nav, self.template_base, self.backend
            )
            if self.clean:
                self.skip_filter = partial.skip_clean_pages(files, config, self.cache, self.clean)
                self.cache.seen |= self.clean
                log.info("partial build: %d unchanged pages taken as built", len(self.clean))
            partial.mark_modified(files, self.clean)
            workers.render_markdown(self, config, files, self.jobs)
        return nav

    @event_priority(-100)  # the environment as every other plugin left it
    def on_env(self, env, *, config, files):
        if self.cache is None:
            return env
        get_template = env.get_template

        def caching_get_template(name, parent=None, globals=None):
            template = get_template(name, parent, globals)
            # MkDocs asks for a page's template without a parent; Jinja's own
            # extends/include lookups pass one and get the template itself.
            return template if parent is not None else CachingTemplate(template, self)

        env.get_template = caching_get_template
        if self.config.shells:
            pages = [f.page for f in partial.pages_of(files) if f.page is not None]
            self.shells = Shells([p for p in pages if p.file.src_uri not in self.clean], self.nav)
        if self.backend == "pagefind":
            # The paper pages first: Pagefind indexes them while the rest render.
            only = _indexed_file
            workers.render_templates(self, config, self.nav, env, files, self.jobs, only)
            self._start_indexing(config, env, files)
        workers.render_templates(self, config, self.nav, env, files, self.jobs)
        return env

    def _start_indexing(self, config, env, files) -> None:
        """Pagefind from the search copies (search_index.py), beside MkDocs' own loop."""
        assert self.cache is not None
        folder = Path(self.cache.path).parent / "search-pages"
        start = time.perf_counter()
        hashes = update_copies(folder, self._search_pages(config, env, files))
        if hashes is None:
            log.info("pagefind: search copies incomplete; indexing the built site instead")
            return
        store = folder.parent / "search-bundles"
        self.indexing = Indexing(
            str(folder), config.site_dir, self.bundles, self.jobs, store, hashes
        )
        log.info("pagefind: started from the search copies (%.1f s)", time.perf_counter() - start)

    def _search_pages(self, config, env, files) -> Iterator[SearchPage]:
        cache = self.cache
        assert cache is not None
        doc_files = partial.pages_of(files)

        def output(page, key: str) -> str | None:
            src = page.file.src_uri
            if not cache.has_output(src, key):  # left to MkDocs' loop: rendered here first
                workers.render_template(config, self.nav, env, doc_files, page)
            return cache.output_text(src, key)

        for file in doc_files:
            if not is_indexed(file.dest_uri):
                continue
            src = file.src_uri
            if src in self.clean:  # its file is the previous build's, hard-linked
                key = cache.keys[src][1]
                yield file.dest_uri, key, functools.partial(_read_text, file.abs_dest_path)
            elif file.page is not None and src in self.render_keys:
                key = page_key(file.page, self.template_base)
                yield file.dest_uri, key, functools.partial(output, file.page, key)
            else:
                yield file.dest_uri, "", _unknown

    @event_priority(-100)  # the Markdown as every other plugin left it
    def on_page_markdown(self, markdown, *, page, config, files):
        if page.file.src_uri in self.clean:
            return markdown
        stripped = raw_html.install(page, markdown)  # the generator's HTML blocks
        if self.cache is None:
            return stripped
        src_uri = page.file.src_uri
        targets = linked_pages(markdown, src_uri)
        known = files.src_uris
        present = "".join("1" if t in known else "0" for t in targets)
        key = digest(self.markdown_base, src_uri, markdown, "|".join(targets), present)
        self.render_keys[src_uri] = key
        install_render(page, self.cache, key, targets)
        return stripped

    def on_build_error(self, *, error) -> None:
        if self.indexing is not None:
            self.indexing.cancel()
            self.indexing = None
        self._close_cache()

    def _close_cache(self) -> None:
        if self.cache is not None:
            self.cache.close()
            self.cache = None
        if self.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            self.warnings = None
        if self.skip_filter is not None:
            logging.getLogger("mkdocs.commands.build").removeFilter(self.skip_filter)
            self.skip_filter = None

    # After the search plugin writes its index (priority 0), before Material's
    # offline plugin inlines it into search_index.js (priority -100).
    @event_priority(-50)
    def on_post_build(self, *, config) -> None:
        if self.backend == "pagefind":
            start = time.perf_counter()
            if self.indexing is not None:
                indexing, self.indexing = self.indexing, None
                indexing.wait()
                log.info(
                    "pagefind: waited %.1f s for it; %d of %d bundles reused",
                    time.perf_counter() - start, indexing.reused, len(self.bundles),
                )  # fmt: skip
            else:
                run_pagefind(config.site_dir, self.bundles, self.jobs)
                log.info("pagefind: %.1f s", time.perf_counter() - start)
        if self.cache is not None and self.warnings is not None and not self.warnings.count:
            # A build that warned stores nothing: see page_cache.py.
            self.cache.save(os.environ.get(partial.PREVIOUS_ENV, ""), self.template_base)
            cache, taken = self.cache, len(self.clean)
            log.info(
                "page cache: %d of %d pages taken as built, %d reused (Markdown), %d (template);"
                " rendered by %d workers: %d (Markdown), %d (template)",
                taken, taken + len(self.render_keys), cache.hits["markdown"],
                cache.hits["template"], self.jobs, len(cache.merged["markdown"]),
                len(cache.merged["template"]),
            )  # fmt: skip
        if self.shells is not None and self.shells.filled:
            log.info("page shells: %d pages filled in this process", self.shells.filled)
        self._close_cache()
        limit = self.config.search_text_limit
        path = os.path.join(config.site_dir, "search", "search_index.json")
        if limit <= 0 or not os.path.isfile(path):
            return
        with open(path, encoding="utf-8") as handle:
            index = json.load(handle)
        for doc in index.get("docs", []):
            text = doc.get("text", "")
            if len(text) > limit:
                doc["text"] = text[:limit].rsplit(" ", 1)[0] + " …"
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(index, handle, ensure_ascii=False, separators=(",", ":"))


def _read_text(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return None


def _indexed_file(file) -> bool:
    return is_indexed(file.dest_uri)


def _unknown() -> None:
    return None
