"""MkDocs plugin `paper-site`: build-time tweaks the generated site needs.

- `search_text_limit`: cut each search document's text to this many characters
  (0 = keep all). The offline build uses it: its index is inlined as a script
  and searched on the main thread, where a large index freezes the page.
"""

from __future__ import annotations

import json
import os

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, event_priority


class PaperSiteConfig(Config):
    search_text_limit = opt.Type(int, default=0)


class PaperSitePlugin(BasePlugin[PaperSiteConfig]):
    # After the search plugin writes its index (priority 0), before Material's
    # offline plugin inlines it into search_index.js (priority -100).
    @event_priority(-50)
    def on_post_build(self, *, config) -> None:
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
