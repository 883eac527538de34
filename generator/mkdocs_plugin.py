"""MkDocs plugin `paper-site`: build-time tweaks the generated site needs.

- `search`: `material` (Material's built-in lunr search), `pagefind`, or `auto`
  (the default): Pagefind when the site has more than `pagefind_above` paper
  pages. Material's index grows by about 2.3 KB per paper and every page loads
  it whole; Pagefind loads only the index chunks a query needs. Pagefind cannot
  work from file://, so the offline build always uses Material's search.
- `search_text_limit`: cut each search document's text to this many characters
  (0 = keep all). The offline build uses it: its index is inlined as a script
  and searched on the main thread, where a large index freezes the page.
- `cache_dir`: where rendered pages are kept between builds, relative to
  mkdocs.yml (see page_cache.py); an empty value turns the cache off.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from generator.page_cache import (
    CachingTemplate,
    PageCache,
    WarningCounter,
    config_digest,
    digest,
    install_render,
    linked_pages,
    nav_digest,
)

log = logging.getLogger("mkdocs.plugins.paper-site")
PAGEFIND_ABOVE = 2_000  # papers; see the README ("Search")


class PaperSiteConfig(Config):
    search = opt.Choice(("auto", "material", "pagefind"), default="auto")
    pagefind_above = opt.Type(int, default=PAGEFIND_ABOVE)
    search_text_limit = opt.Type(int, default=0)
    cache_dir = opt.Type(str, default=".cache/paper-site")


def count_paper_pages(docs_dir: str) -> int:
    root = Path(docs_dir) / "papers"
    return sum(1 for _ in root.glob("*/*.md")) if root.is_dir() else 0


def run_pagefind(site_dir: str) -> None:
    """Index the paper pages into <site>/pagefind/: the parts the templates mark
    data-pagefind-body (title, tags, abstract, authors), not navigation or related lists."""
    command = [
        sys.executable, "-m", "pagefind", "--site", site_dir,
        "--glob", "papers/**/*.html", "--quiet",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise PluginError(f"pagefind failed: {(done.stderr or done.stdout).strip()[-500:]}")


class PaperSitePlugin(BasePlugin[PaperSiteConfig]):
    backend = "material"
    cache: PageCache | None = None
    warnings: WarningCounter | None = None

    def __init__(self) -> None:
        self.render_keys: dict[str, str] = {}
        self.template_base = ""

    @event_priority(100)  # before Material's search plugin reads its own config
    def on_config(self, config):
        backend = self.config.search
        if backend == "auto":
            papers = count_paper_pages(config.docs_dir)
            backend = "pagefind" if papers > self.config.pagefind_above else "material"
        self.backend = backend
        config.extra["search_backend"] = backend
        if backend == "pagefind" and "material/search" in config.plugins:
            config.plugins["material/search"].config.enabled = False
        self._close_cache()
        if self.config.cache_dir:
            self.warnings = WarningCounter()
            logging.getLogger("mkdocs").addHandler(self.warnings)
        return config

    # The page cache (page_cache.py) --------------------------------------
    @event_priority(-100)  # after every other plugin changed the config and files
    def on_nav(self, nav, *, config, files):
        if self.config.cache_dir:
            base = Path(config.config_file_path or ".").parent / self.config.cache_dir
            variant = config_digest(config)
            self.cache = PageCache(base / "pages.sqlite", variant)
            self.template_base = digest(variant, nav_digest(nav))
            self.render_keys = {}
        return nav

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
        return env

    @event_priority(-100)  # the Markdown as every other plugin left it
    def on_page_markdown(self, markdown, *, page, config, files):
        if self.cache is None:
            return markdown
        src_uri = page.file.src_uri
        targets = linked_pages(markdown, src_uri)
        present = "".join("1" if files.get_file_from_path(t) else "0" for t in targets)
        key = digest(self.template_base, src_uri, markdown, "|".join(targets), present)
        self.render_keys[src_uri] = key
        install_render(page, self.cache, key)
        return markdown

    def on_build_error(self, *, error) -> None:
        self._close_cache()

    def _close_cache(self) -> None:
        if self.cache is not None:
            self.cache.close()
            self.cache = None
        if self.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            self.warnings = None

    # After the search plugin writes its index (priority 0), before Material's
    # offline plugin inlines it into search_index.js (priority -100).
    @event_priority(-50)
    def on_post_build(self, *, config) -> None:
        if self.backend == "pagefind":
            run_pagefind(config.site_dir)
        if self.cache is not None and self.warnings is not None and not self.warnings.count:
            self.cache.save()  # a build that warned stores nothing: see page_cache.py
            hits, pages = self.cache.hits, len(self.render_keys)
            log.info(
                "page cache: reused %d of %d pages (Markdown), %d (template)",
                hits["markdown"], pages, hits["template"],
            )  # fmt: skip
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
