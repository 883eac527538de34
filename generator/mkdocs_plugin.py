"""MkDocs plugin `paper-site`: build-time tweaks the generated site needs.

- `search`: `material` (Material's built-in lunr search), `pagefind`, or `auto`
  (the default): Pagefind when the site has more than `pagefind_above` paper
  pages. Material's index grows by about 2.3 KB per paper and every page loads
  it whole; Pagefind loads only the index chunks a query needs. Pagefind cannot
  work from file://, so the offline build always uses Material's search.
- `search_text_limit`: cut each search document's text to this many characters
  (0 = keep all). The offline build uses it: its index is inlined as a script
  and searched on the main thread, where a large index freezes the page.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

PAGEFIND_ABOVE = 2_000  # papers; see the README ("Search")


class PaperSiteConfig(Config):
    search = opt.Choice(("auto", "material", "pagefind"), default="auto")
    pagefind_above = opt.Type(int, default=PAGEFIND_ABOVE)
    search_text_limit = opt.Type(int, default=0)


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
        return config

    # After the search plugin writes its index (priority 0), before Material's
    # offline plugin inlines it into search_index.js (priority -100).
    @event_priority(-50)
    def on_post_build(self, *, config) -> None:
        if self.backend == "pagefind":
            run_pagefind(config.site_dir)
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
