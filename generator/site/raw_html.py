"""Listing entries the generator wrote as HTML, kept away from Python-Markdown.

Listing pages (tags, topics, areas, days, authors) are mostly entries: a
title link, a date, a summary and tag chips, a hundred times over. As
Markdown they cost Python-Markdown about 1 ms per KB, most of a cold build.
The generator knows exactly what each entry says, so it writes them as HTML
between two markers:

    <!--ps:html-->
    <ul><li><a href="../../papers/ab/slug.md">Title</a></li></ul>
    <!--/ps:html-->

Before the page's Markdown is converted, each block is swapped for a
placeholder paragraph (a token derived from the page's own Markdown, so no
page text can forge it); after conversion the placeholder is swapped back,
with every `.md` link resolved exactly as MkDocs resolves links in Markdown:
the same URLs (hosted and offline builds differ), the same warnings for a
missing target, and links to anchors recorded for MkDocs' anchor validation.
Untrusted text inside the blocks is HTML-escaped by the templates (`| h`).

A page that is nothing but blocks (an authors page) does not go through
Python-Markdown at all: what it would make of the placeholders alone, one
paragraph each, is written directly (about 0.5 ms a page saved, and its
extensions' passes). Only with the extensions of our own mkdocs.yml, which add
nothing to a page without Markdown; `tests/test_raw_html.py` checks that a site
built so is the same, byte for byte, as one built through Python-Markdown.

A block may hold headings (`<h3 id="...">`): an author page has a hundred,
and as Markdown headings they were most of its cost. They join the page's
table of contents in document order, named as Python-Markdown's `toc`
extension names a heading (its inner HTML without tags), so the sidebar is
the same as if they had been Markdown. Their ids count as anchors.
"""

from __future__ import annotations

import functools
import html
import logging
import posixpath
import re
import types
from collections.abc import Iterator
from typing import Any

from markdown.extensions.toc import nest_toc_tokens, strip_tags
from mkdocs.structure.toc import TableOfContents, get_toc

from generator.site.page_cache import digest, toc_tokens

START, END = "<!--ps:html-->", "<!--/ps:html-->"
_LINK = re.compile(r'\b(href|src)="([^"]*)"')
_ID = re.compile(r'\sid="([^"]+)"')
# One pattern for every page's token (a pattern per page was compiled per page).
_PLACEHOLDER = re.compile(r"<p>(psraw[0-9a-f]{16}n)(\d+)</p>")
_HEADING = re.compile(r'<h([1-6])\b[^>]*?\sid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_ONLY_PLACEHOLDERS = re.compile(r"\n*(?:psraw[0-9a-f]{16}n\d+\n+)+")
# Extensions that add nothing to a page without Markdown: such a page may skip
# Python-Markdown (see the module). Any other extension: every page goes through it.
QUIET_EXTENSIONS = {"attr_list", "fenced_code", "md_in_html", "tables", "toc"}
SKIP_MARKDOWN = True  # False: every page through Python-Markdown (a test compares)


def extract(markdown: str) -> tuple[str, list[str], str]:
    """The Markdown with each HTML block replaced by a placeholder, the blocks, the token.

    A block is START on a line of its own, then its HTML, then END ending a line
    (the newline before END is not part of the block). Blocks with only blank lines
    between them share one placeholder (an author page has a hundred in a row):
    Python-Markdown's output would put them one line apart anyway, and each
    placeholder paragraph costs it inline passes.
    """
    if START not in markdown:
        return markdown, [], ""
    token = "psraw" + digest(markdown)[:16] + "n"
    blocks: list[str] = []
    parts: list[str] = []
    end = 0
    for start, stop, inner in _blocks(markdown):
        between = markdown[end:start]
        if blocks and end and not between.strip():
            blocks[-1] += "\n" + inner
        else:
            parts += [between, f"\n\n{token}{len(blocks)}\n\n"]
            blocks.append(inner)
        end = stop
    parts.append(markdown[end:])
    return "".join(parts), blocks, token


def _blocks(markdown: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, HTML) of each block, as `_BLOCK.finditer` finds them, with str.find:
    the lazy regex took about 0.6 ms a page, most of raw_html's time."""
    opening, size = START + "\n", len(END)
    found = markdown.find(opening)
    while found >= 0:
        if found and markdown[found - 1] != "\n":  # not at a line's start
            found = markdown.find(opening, found + 1)
            continue
        body = found + len(opening)
        close = markdown.find(END, body)
        while close >= 0 and close + size < len(markdown) and markdown[close + size] != "\n":
            close = markdown.find(END, close + 1)  # END not ending its line
        if close < 0:
            return  # no block can close after this point
        inner = markdown[body:close]
        yield found, close + size, inner[:-1] if inner.endswith("\n") else inner
        found = markdown.find(opening, close + size)


def install(page: Any, markdown: str) -> str:
    """Extract the page's HTML blocks and make `page.render` put them back, links
    resolved; returns the Markdown Python-Markdown should see."""
    stripped, blocks, token = extract(markdown)
    if not blocks:
        return markdown
    real_render = page.render
    only_blocks = SKIP_MARKDOWN and _ONLY_PLACEHOLDERS.fullmatch(stripped + "\n") is not None

    def render(self, config, files) -> None:
        if only_blocks and _quiet(config):
            _render_placeholders(self, token, len(blocks))
        else:
            real_render(config, files)
        links = _Links(self, config, files)

        def block(match: re.Match) -> str:
            if match.group(1) != token:
                return match.group(0)  # another page's token, quoted in this one
            return links.resolve(blocks[int(match.group(2))])

        self.content = _PLACEHOLDER.sub(block, self.content)
        if self.present_anchor_ids is not None:
            for block in blocks:
                self.present_anchor_ids.update(_ID.findall(block))
        if any("<h" in block for block in blocks):
            self.toc = with_block_headings(self.toc, self.content)

    page.render = types.MethodType(render, page)
    return stripped


def _quiet(config: Any) -> bool:
    names = config["markdown_extensions"]
    return all(isinstance(n, str) and n.rsplit(".", 1)[-1] in QUIET_EXTENSIONS for n in names)


def _render_placeholders(page: Any, token: str, count: int) -> None:
    """What mkdocs' Page.render sets for Markdown that is `count` placeholder
    paragraphs and blank lines only."""
    page.content = "\n".join(f"<p>{token}{n}</p>" for n in range(count))
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = {}


def with_block_headings(toc: TableOfContents, content: str) -> TableOfContents:
    """The page's table of contents with the headings of its HTML blocks added,
    in document order and nested by level, as the `toc` extension nests them."""
    flat: list[dict] = []

    def walk(tokens: list[dict]) -> None:
        for token in tokens:
            flat.append({"level": token["level"], "id": token["id"], "name": token["name"]})
            walk(token["children"])

    walk(toc_tokens(toc))
    position = {}
    for match in _HEADING.finditer(content):
        position.setdefault(match.group(2), match.start())
    known = {token["id"] for token in flat}
    ordered = []
    last = -1
    for token in flat:  # a heading not found keeps its place after the one before it
        last = position.get(token["id"], last)
        ordered.append((last, token))
    for match in _HEADING.finditer(content):
        level, anchor, inner = match.groups()
        if anchor not in known:
            known.add(anchor)
            ordered.append(
                (match.start(), {"level": int(level), "id": anchor, "name": strip_tags(inner)})
            )
    ordered.sort(key=lambda item: item[0])  # stable: equal places keep their order
    return get_toc(nest_toc_tokens([token for _, token in ordered]))


# A relative link to a .md file, maybe with an anchor: the plain case, resolved by lookup.
_PLAIN = re.compile(r"(?![/#])[^:?%&#]*\.md(?:#([^:?%&#]*))?")


@functools.lru_cache(maxsize=1 << 17)
def _parts(url: str) -> tuple[str, ...]:
    """A URL's normalised segments, as mkdocs.utils.get_relative_url splits them."""
    path = posixpath.normpath(url if url.startswith("/") else "/" + url)[1:]
    return tuple(path.split("/")) if path else ()


@functools.lru_cache(maxsize=1 << 18)  # listing pages link to the same pages again and again
def relative_url(url: str, start: tuple[str, ...]) -> str:
    """mkdocs.utils.get_relative_url(url, other), with `other` already split into
    `start` (its folder's segments): the same result, without normpath per call."""
    to = _parts(url)
    common = 0
    for a, b in zip(start, to, strict=False):
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(start) - common) + list(to[common:])) or "."
    return relative + "/" if url.endswith("/") else relative


def page_folder(page_url: str) -> tuple[str, ...]:
    folder, _, name = page_url.rpartition("/")
    return _parts(folder if "." in name else page_url)


class _Memo:
    """Targets of plain links in the current build, by (page folder, link)."""

    files: Any = None
    table: dict[tuple[str, str], tuple[Any, str] | None] = {}


class _Links:
    """Resolves the links of one page's HTML blocks the way MkDocs resolves Markdown links."""

    def __init__(self, page: Any, config: Any, files: Any) -> None:
        self.page, self.config, self.files = page, config, files
        self.base = posixpath.dirname(page.file.src_uri)
        # "../" once per folder of the base: a link starting so resolves from the
        # docs root, whatever the folder (an author page's links to papers).
        self.up = "../" * (self.base.count("/") + 1) if self.base else ""
        self.start = page_folder(page.file.url)
        self._slow: Any = None
        if page.links_to_anchors is None:
            page.links_to_anchors = {}
        if _Memo.files is not files:
            _Memo.files, _Memo.table = files, {}
        self.memo = _Memo.table

    def resolve(self, block: str) -> str:
        return _LINK.sub(self._attribute, block)

    def _attribute(self, match: re.Match) -> str:
        return f'{match.group(1)}="{self.url(match.group(2))}"'

    def url(self, url: str) -> str:
        key = ("", url[len(self.up) :]) if url.startswith(self.up) else (self.base, url)
        if key in self.memo:
            plain = self.memo[key]
        else:
            plain = self.memo[key] = self._plain(*key)
        if plain is not None:
            target, anchor = plain
            relative = relative_url(target.url, self.start)
            if not anchor:
                return relative
            self.page.links_to_anchors.setdefault(target, {}).setdefault(anchor, url)
            return relative + "#" + anchor
        if "://" in url or url.startswith("mailto:"):
            return url  # external: MkDocs leaves it as it is too
        # Everything else (missing, excluded, absolute): MkDocs' own code and warnings.
        return html.escape(self._mkdocs().path_to_url(html.unescape(url)), quote=True)

    def _plain(self, base: str, url: str) -> tuple[Any, str] | None:
        """(target file, anchor) for a relative link from folder `base` to a page that exists."""
        if _PLAIN.fullmatch(url) is None:
            return None
        path, _, anchor = url.partition("#")
        target = self.files.src_uris.get(posixpath.normpath(posixpath.join(base, path)))
        if target is None or target.inclusion.is_excluded():
            return None
        return target, anchor

    def _mkdocs(self) -> Any:
        if self._slow is None:
            from mkdocs.structure.pages import _RelativePathTreeprocessor

            self._slow = _RelativePathTreeprocessor(self.page.file, self.files, self.config)
            self._slow.links_to_anchors = self.page.links_to_anchors
        return self._slow
