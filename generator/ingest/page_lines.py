"""Turn saved page text into logical lines with the Markdown taken off.

Captures of the same Hugging Face page differ mostly in how they write links:
`[text](url)`, reference links `[text][N]` with `[N]: url` elsewhere, images
`![alt](src)` or placeholders (`[图片：…]`), a link's text wrapped over several
lines (`[\\n\\n2 authors](url)`, a heading continued on the next `###` line),
escaped brackets and `\\` hard breaks. This module undoes all of that once, so
the parser judges plain text and keeps each line's URLs (the paper links are
the anchors that tie a title to its arXiv id).

Every pattern has bounded repetitions, so no line can make a match backtrack
for long.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FRONT_MATTER_FENCE = "---"
_HEADING = re.compile(r"^(#{1,6})\s{1,5}(.{0,2000})$")
_REF_DEFINITION = re.compile(r"^\s{0,3}\[([^\]\n]{1,40})\]:\s{0,5}<?(\S{1,500}?)>?(?:\s.{0,300})?$")
_IMAGE = re.compile(r"!\[[^\[\]\n]{0,300}\]\([^()\s]{0,500}(?:\s{1,3}\"[^\"]{0,200}\")?\)")
# Placeholders that text extractors put where an image was.
_IMAGE_PLACEHOLDER = re.compile(
    r"\[(?:图片|图像|图|image|img|picture|figure)\s{0,2}[：:][^\[\]\n]{0,300}\]"
    r"|\[(?:image|img|图片)\]",
    re.IGNORECASE,
)
_INLINE_LINK = re.compile(
    r"\[([^\[\]\n]{0,1000})\]\(\s{0,3}([^()\s]{0,1000})(?:\s{1,3}\"[^\"]{0,200}\")?\)"
)
_REF_LINK = re.compile(r"\[([^\[\]\n]{1,1000})\]\[([^\[\]\n]{0,40})\]")
_ESCAPE = re.compile(r"\\([\[\]()*_#`\\!<>{}.+|-])")
_HARD_BREAK = re.compile(r"(?:\\\\|\\)\s{0,3}$")
_HTML_ANCHOR = re.compile(r"^<a\s{1,3}(?:id|name)=\"[^\"<>]{0,100}\"\s{0,3}>\s{0,3}</a>$", re.I)
_BULLET = re.compile(r"^(?:[-*•+]|\d{1,3}\.)\s{1,4}(?=\S)")
_BARE_URL = re.compile(r"^<?(https?://\S{1,1000}?)>?$")
_CODE_FENCE = re.compile(r"^(?:```|~~~)")
_SPACES = re.compile(r"\s{2,}")
_OPEN, _CLOSE = "\x01", "\x02"  # mark link labels while unwrapping
_LEFT, _RIGHT = "\x03", "\x04"  # escaped brackets while links are unwrapped
_LABELS = re.compile("\x01[^\x01\x02]{0,1000}\x02")
MAX_JOINED_LINES = 8
MAX_JOINED_CHARS = 2_000


@dataclass(frozen=True)
class PageLine:
    """One logical line: its plain text and what the Markdown around it said."""

    number: int  # 1-based line of the file where it starts
    text: str  # Markdown removed, whitespace collapsed
    raw: str  # the line(s) as in the file, stripped
    indented: bool = False
    heading: bool = False
    bullet: bool = False
    blank_before: bool = True
    urls: tuple[str, ...] = ()  # every link target on the line (bare URL lines included)
    links: tuple[tuple[str, str], ...] = ()  # (text, target) of each link; target may be ""
    whole_link: bool = False  # the whole text is one link's text
    outside_links: str = ""  # the text that is not inside a link, parts joined by " · "
    bare_url: bool = False  # the line is nothing but a URL
    images: int = 0
    structure: str = ""  # "link-definition", "html-anchor", "code-fence" or ""


def page_lines(text: str) -> tuple[list[PageLine], int]:
    """Logical lines of the page and how many front-matter lines were skipped."""
    lines = text.split("\n")
    start = _front_matter_end(lines)
    references = _reference_definitions(lines[start:])
    out: list[PageLine] = []
    blank_before = True
    i = start
    while i < len(lines):
        raw = lines[i].rstrip("\r")
        stripped = raw.strip()
        if not stripped:
            blank_before = True
            i += 1
            continue
        joined, consumed = _join_open_bracket(lines, i)
        out.append(_logical(i + 1, raw, joined, references, blank_before))
        blank_before = False
        i += consumed
    return out, start


def _front_matter_end(lines: list[str]) -> int:
    """Front matter written by saved-page tools (SingleFile, MarkDownload, notebooks)."""
    if lines and lines[0].strip() == _FRONT_MATTER_FENCE:
        for i in range(1, min(len(lines), 200)):
            if lines[i].strip() == _FRONT_MATTER_FENCE:
                return i + 1
    return 0


def _reference_definitions(lines: list[str]) -> dict[str, str]:
    refs: dict[str, str] = {}
    for line in lines:
        if "]:" in line and (m := _REF_DEFINITION.match(line)):
            refs.setdefault(m.group(1).strip().lower(), m.group(2))
    return refs


def _bracket_depth(text: str) -> int:
    text = text.replace("\\[", "").replace("\\]", "")
    return text.count("[") - text.count("]")


def _join_open_bracket(lines: list[str], i: int) -> tuple[str, int]:
    """A link whose text runs over several lines, joined; else the line itself.

    Joined only when the bracket closes as a link (`](` or `][`) within a few
    lines, so an abstract with a stray `[` never swallows the lines after it.
    """
    first = lines[i].strip()
    if _bracket_depth(first) <= 0:
        return first, 1
    parts = [first]
    depth = _bracket_depth(first)
    j = i + 1
    while j < len(lines) and len(parts) <= MAX_JOINED_LINES:
        nxt = lines[j].strip()
        j += 1
        if not nxt:
            continue
        if heading := _HEADING.match(nxt):
            nxt = heading.group(2).strip()
        parts.append(nxt)
        depth += _bracket_depth(nxt)
        if depth <= 0:
            joined = _glue(parts)
            if len(joined) <= MAX_JOINED_CHARS and ("](" in nxt or "][" in nxt):
                return joined, j - i
            break
    return first, 1


def _unmark(text: str) -> str:
    return text.replace(_OPEN, "").replace(_CLOSE, "")


def _unhide(text: str) -> str:
    return text.replace(_LEFT, "[").replace(_RIGHT, "]")


def _glue(parts: list[str]) -> str:
    out = parts[0]
    for part in parts[1:]:
        out = f"{out}{part}" if out.endswith("[") else f"{out} {part}"
    return out


def _logical(
    number: int, raw_line: str, line: str, references: dict[str, str], blank_before: bool
) -> PageLine:
    indented = raw_line[:1].isspace()
    base = {"number": number, "raw": line, "indented": indented, "blank_before": blank_before}
    if _CODE_FENCE.match(line):
        return PageLine(text="", structure="code-fence", **base)
    if _HTML_ANCHOR.match(line):
        return PageLine(text="", structure="html-anchor", **base)
    if "]:" in line and _REF_DEFINITION.match(line):
        return PageLine(text="", structure="link-definition", **base)
    if m := _BARE_URL.match(line):
        return PageLine(text=m.group(1), urls=(m.group(1),), bare_url=True, **base)
    heading = False
    if m := _HEADING.match(line):
        heading, line = True, m.group(2).strip().rstrip("#").strip()
    bullet = False
    if m := _BULLET.match(line):
        bullet, line = True, line[m.end() :]
    # Escaped brackets are text, not link syntax: hide them while links are unwrapped.
    line = line.replace("\\[", _LEFT).replace("\\]", _RIGHT)
    line, images = _IMAGE.subn("", line)
    line, placeholders = _IMAGE_PLACEHOLDER.subn("", line)
    urls: list[str] = []
    link_texts: list[tuple[str, str]] = []

    def inline(m: re.Match[str]) -> str:
        label, url = _unmark(m.group(1)).strip(), m.group(2)
        urls.append(url)
        link_texts.append((label, url))
        return f"{_OPEN}{label}{_CLOSE}"

    def reference(m: re.Match[str]) -> str:
        label = _unmark(m.group(1)).strip()
        url = references.get((m.group(2) or m.group(1)).strip().lower(), "")
        if url:
            urls.append(url)
        link_texts.append((label, url))
        return f"{_OPEN}{label}{_CLOSE}"

    for _ in range(3):  # nested links: [[image] Org](url), [![alt](src)](url)
        line, n_inline = _INLINE_LINK.subn(inline, line)
        line, n_ref = _REF_LINK.subn(reference, line)
        if not n_inline + n_ref:
            break
    line = _HARD_BREAK.sub("", line)
    line = _ESCAPE.sub(r"\1", line)
    line = line.replace(_LEFT, "[").replace(_RIGHT, "]")
    outside = _SPACES.sub(" ", _LABELS.sub(" · ", line)).strip(" ·")
    text = _SPACES.sub(" ", _unmark(line)).strip()
    link_texts = [(_unhide(label), url) for label, url in link_texts]
    return PageLine(
        text=text,
        heading=heading,
        bullet=bullet,
        urls=tuple(urls),
        links=tuple(link_texts),
        outside_links=outside if link_texts else text,
        whole_link=len(link_texts) == 1 and link_texts[0][0] == text,
        images=images + placeholders,
        **base,
    )
