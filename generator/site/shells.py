"""Render Material's page shell once per kind of page, then fill in each page's parts.

Material's page template costs about 2.3 ms a page, and for the pages outside
the nav (papers, tags, topics, days, authors) nearly all of it is the same
shell: header, nav, tabs, footer, scripts. A page's own parts are few: its
title, description, content, its first heading's anchor, and its URL's depth
(every relative link in the shell follows from it). So pages are grouped by
everything else the template reads (template, URL depth and leading folders,
metadata other than title and description, the table of contents apart from
its first heading, whether the content has its own <h1>). For a group of
three pages or more, the template is rendered once with sentinel values in
place of those parts, and each page's output is the shell with its values
filled in.

Checked, not assumed: the first two pages of each group are also rendered
normally and must equal their filled shells byte for byte, or the group goes
back to normal rendering. A page whose title or description holds characters
a template filter could change (`& < > " '`, runs of spaces) is rendered
normally too. `tests/test_shells.py` builds a site with and without shells
and compares the trees.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from mkdocs.structure.toc import get_toc

from generator.site.lazy_content import has_content, has_h1
from generator.site.page_cache import toc_tokens

MIN_GROUP = 3  # pages: the shell costs one extra render, the first two are checked
CHECKED = 2  # pages per group rendered normally and compared with their filled shell
TITLE, DESCRIPTION, CONTENT = "psshellTITLEq", "psshellDESCRIPTIONq", "psshellCONTENTq"
HEADING, ANCHOR = "psshellHEADINGq", "psshellANCHORq"
_PLAIN = re.compile(r"[^&<>\"'\s]+(?: [^&<>\"'\s]+)*")


class _Sentinel:
    """A page whose own parts are sentinels; everything else is the real page's."""

    def __init__(self, page: Any, **parts: Any) -> None:
        self.__dict__.update(parts)
        self._page = page

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)


class _Shell:
    def __init__(self, text: str, content_token: str) -> None:
        tokens = [TITLE, DESCRIPTION, HEADING, ANCHOR, content_token]
        present = [t for t in tokens if t in text]
        self.parts = re.split("(" + "|".join(map(re.escape, present)) + ")", text)
        self.present = set(present)
        self.content_token = content_token
        self.checked = 0

    def fill(self, values: dict[str, str]) -> str:
        return "".join(values.get(part, part) for part in self.parts)


class Shells:
    """The shells of one build (per process: forked workers make their own)."""

    def __init__(self, pages: list[Any], nav: Any) -> None:
        urls = [p.url for p in nav.pages] if nav is not None else []
        self.depth = max((len(u.strip("/").split("/")) for u in urls if u.strip("/")), default=1)
        self.sizes = Counter(key for page in pages if (key := self.key(page)) is not None)
        self.shells: dict[str, _Shell | None] = {}  # None: this group renders normally
        self.filled = 0

    def key(self, page: Any) -> str | None:
        """What the template reads besides the page's own parts; None: render normally."""
        if not has_content(page) or page.toc is None:
            return None
        if page.parent is not None or page.previous_page or page.next_page or page.is_homepage:
            return None  # in the nav: the nav shows this page as active
        if page.edit_url or page.canonical_url:
            return None
        meta = {k: v for k, v in page.meta.items() if k not in ("title", "description")}
        meta["_own"] = [
            bool(page.title),
            *(bool(page.meta.get(k)) for k in ("title", "description")),
        ]
        toc = toc_tokens(page.toc)
        if toc and toc[0]["level"] == 1:
            toc[0] = dict(toc[0], id="", name="")
        segments = page.url.strip("/").split("/")
        return json.dumps(
            [
                page.meta.get("template", "main.html"),
                len(segments),
                page.url.endswith("/"),
                segments[: self.depth],
                has_h1(page),
                meta,
                toc,
            ],
            sort_keys=True,
            default=str,
        )

    def render(self, template: Any, context: Any, page: Any) -> str:
        key = self.key(page)
        if key is None or self.sizes[key] < MIN_GROUP:
            return template.render(context)
        shell = self.shells.get(key, False)
        if shell is None:
            return template.render(context)
        if shell is False:
            shell = self.shells[key] = self._make(template, context, page)
        values = self._values(page, shell)
        if values is None:
            return template.render(context)
        if shell.checked < CHECKED:
            output = template.render(context)
            if shell.fill(values) != output:
                self.shells[key] = None
            shell.checked += 1
            return output
        self.filled += 1
        return shell.fill(values)

    @staticmethod
    def _make(template: Any, context: Any, page: Any) -> _Shell:
        content_token = CONTENT + ("<h1" if has_h1(page) else "")
        tokens = toc_tokens(page.toc)
        if tokens and tokens[0]["level"] == 1:
            tokens[0] = dict(tokens[0], id=ANCHOR, name=HEADING)
        meta = dict(page.meta)
        for field, token in (("title", TITLE), ("description", DESCRIPTION)):
            if field in meta:
                meta[field] = token
        sentinel = _Sentinel(
            page, title=TITLE, meta=meta, content=content_token, toc=get_toc(tokens)
        )
        shell_context = dict(context)
        shell_context["page"] = sentinel
        return _Shell(template.render(shell_context), content_token)

    @staticmethod
    def _values(page: Any, shell: _Shell) -> dict[str, str] | None:
        """The page's parts by sentinel, or None if one could be changed by a filter."""
        first = page.toc.items[0] if page.toc.items and page.toc.items[0].level == 1 else None
        values = {
            TITLE: str(page.title),
            DESCRIPTION: str(page.meta.get("description", "")),
            HEADING: first.title if first else "",
            ANCHOR: first.id if first else "",
        }
        for token in shell.present & values.keys():
            if not _PLAIN.fullmatch(values[token]) or "psshell" in values[token]:
                return None
        values[shell.content_token] = page.content
        return values
