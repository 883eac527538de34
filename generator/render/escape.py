"""Untrusted text never becomes markup.

Every `{{ value }}` in a Markdown template is escaped by default (Jinja's
`finalize` hook), for both Markdown and HTML. Only values wrapped in `Trusted`
(paths and URLs we built and checked) pass through as they are.
"""

from __future__ import annotations

import functools
import html
import json
import re
from urllib.parse import quote

from markdown.extensions.toc import slugify
from markupsafe import Markup

from generator.ingest.clean import is_safe_url


class Trusted(str):
    """A string the generator built itself; emitted without escaping."""


# Characters that start Markdown syntax anywhere in a line: code, emphasis,
# links/images/footnotes/abbreviations ([ ]), attribute lists ({ }), heading
# hashes (Python-Markdown strips trailing '#'), table cells (|) and escapes.
# '.', '-', '(', ')', '!' matter only where a line starts or after ']', so they
# are escaped only at the start of the value (values are single lines): every
# backslash escape costs Python-Markdown an inline-pattern match.
_ANYWHERE = re.compile(r"([\\`*_{}\[\]#|])")
_ORDERED_LIST = re.compile(r"^(\d+)([.)])")
_WHITESPACE = re.compile(r"\s+")


def escape_markdown(value: object) -> str:
    """Text shown exactly as typed: Markdown syntax backslash-escaped, HTML entity-escaped."""
    if isinstance(value, (Trusted, Markup)):  # Markup: a macro's output, via `| safe`
        return value
    return _escape_text(str(value))


@functools.lru_cache(maxsize=1 << 18)  # titles and tag names recur on many listing pages
def _escape_text(text: str) -> str:
    text = _WHITESPACE.sub(" ", text).strip()
    text = _ANYWHERE.sub(r"\\\1", text)
    if text[:1] in ("-", "+"):  # list item, thematic break, setext underline
        text = "\\" + text
    text = _ORDERED_LIST.sub(r"\1\\\2", text)  # "1986. A year" is not a list
    text = html.escape(text, quote=False).replace('"', "&quot;")  # also stops '>' quotes
    if text[:1] == "=":  # setext underline under the line above
        text = "&#61;" + text[1:]
    return text


@functools.lru_cache(maxsize=1 << 18)
def escape_html(value: object) -> Trusted:
    """Text inside the generator's HTML blocks (`<!--ps:html-->`, see
    site/raw_html.py): one line, HTML-escaped; Markdown never sees it."""
    text = html.escape(_WHITESPACE.sub(" ", str(value)).strip(), quote=False)
    return Trusted(text.replace('"', "&quot;"))  # attributes are double-quoted


def front_matter_value(value: str) -> Trusted:
    """A YAML scalar that cannot break front matter, pre-escaped for HTML.

    Material inserts page titles and descriptions unescaped into HTML, so the
    value is HTML-escaped here; JSON quoting makes it a safe YAML scalar.
    """
    text = _WHITESPACE.sub(" ", value).strip()
    return Trusted(json.dumps(html.escape(text, quote=True), ensure_ascii=False))


@functools.lru_cache(maxsize=1 << 16)
def external_url(url: str) -> Trusted:
    """An http(s) URL safe inside a Markdown link destination and an HTML attribute."""
    if not is_safe_url(url):
        return Trusted("")
    return Trusted(quote(url, safe=":/?#@!$&'*+,;=%-._~"))


def heading_id(text: str) -> str:
    """The id Python-Markdown's `toc` extension gives a heading of this text, for a
    heading the generator writes as HTML (raw_html.py)."""
    return slugify(" ".join(text.split()), "-")
