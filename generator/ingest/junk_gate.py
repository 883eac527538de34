"""The gate an entry of page text passes before it becomes a paper.

It judges shape, never content: a title of plausible length that is not a URL,
a date, a count, a metadata line, page chrome or left-over Markdown, and an
abstract of prose. A hostile title (`<script>…`) has the shape of a title and
passes; it is escaped later like any other text.
"""

from __future__ import annotations

import re

from generator.ingest.chrome import chrome_kind, parse_date, parse_meta

MIN_TITLE_CHARS = 3
MAX_TITLE_CHARS = 300
MIN_ABSTRACT_WORDS = 5
# The tail of a link whose opening bracket was on another line (`2 authors](…)`),
# or a lone bracket: what is left when a capture tool split a link apart.
_MARKDOWN_RESIDUE = re.compile(r"^[^\[]{0,300}\]\(|^[^\[]{0,300}\]\[|^!?\[$|^\]")
_URL_LIKE = re.compile(
    r"^(?:https?://|www\.)\S{0,1000}$|^\S{1,200}\.(?:com|org|io|co|ai)/\S{0,500}$"
)


def title_problem(title: str) -> str | None:
    """Why `title` cannot be a paper's title, or None."""
    if len(title) < MIN_TITLE_CHARS:
        return f"title too short ({title!r})"
    if len(title) > MAX_TITLE_CHARS:
        return f"title of {len(title):,} characters is too long"
    if _URL_LIKE.match(title):
        return "title is a URL"
    if parse_date(title):
        return "title is a date"
    if meta := parse_meta(title):
        return f"title is a metadata line ({meta.kind})"
    if kind := chrome_kind(title):
        return f"title is page chrome ({kind})"
    if _MARKDOWN_RESIDUE.search(title):
        return "title is left-over link Markdown"
    if sum(c.isalpha() for c in title) < MIN_TITLE_CHARS:
        return "title has no words"
    return None


def abstract_problem(abstract: str) -> str | None:
    """Why `abstract` is not the prose of an abstract, or None."""
    words = abstract.split()
    if len(words) < MIN_ABSTRACT_WORDS:
        return f"abstract is not prose ({len(words)} words)"
    if _URL_LIKE.match(abstract):
        return "abstract is a URL"
    visible = [c for c in abstract if not c.isspace()]
    if sum(c.isalpha() for c in visible) < 0.5 * len(visible):
        return "abstract is not prose (mostly symbols or numbers)"
    return None
