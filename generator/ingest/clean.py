"""Turn scraped abstract text into clean prose plus the links it mentions."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from generator.ingest.latex import latex_to_text
from generator.ingest.patterns import URL, URL_BODY

_BARE_HOST = re.compile(r"(?<![\w/.@-])((?:github|gitlab)\.com/[\w.-]{1,100}/[\w.-]{1,100})")
_DOUBLED = re.compile(rf"(https?://{URL_BODY})\{{\1\}}")
_TRAILING = ".,;:!?'\"*"
_SPACE = re.compile(r"\s+")
_WRAP_HYPHEN = re.compile(r"(\w)-\s*\n\s*(\w)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """One line of readable text: control characters gone, whitespace folded."""
    text = _CONTROL.sub("", text)
    text = _WRAP_HYPHEN.sub(r"\1\2", text) if "-\n" in text else text
    return _SPACE.sub(" ", text).strip()


def clean_abstract(text: str) -> str:
    text = clean_text(text)
    if "{http" in text:
        text = _DOUBLED.sub(r"\1", text)
    return latex_to_text(text)


def _strip_trailing(url: str) -> str:
    while url:
        if url[-1] in _TRAILING or url[-1] == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        else:
            break
    return url


def is_safe_url(url: str) -> bool:
    """Only absolute http(s) URLs with a host ever become links."""
    if not url or any(c.isspace() or ord(c) < 32 for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def extract_links(text: str) -> list[str]:
    """Code and project URLs in order of appearance, trailing punctuation stripped."""
    found: list[str] = []
    for match in URL.finditer(text):
        found.append(_strip_trailing(match.group(0)))
    for match in _BARE_HOST.finditer(text):
        found.append("https://" + _strip_trailing(match.group(1)))
    unique = dict.fromkeys(u.rstrip("/") for u in found if is_safe_url(u))
    return list(unique)
