"""Recognise Hugging Face page chrome and per-entry metadata lines.

Each function looks at one stripped line. Patterns are anchored and use
bounded quantifiers only, so a pathological line cannot backtrack for long.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CHROME_LINES = {
    "get trending papers in your email inbox once a day!": "newsletter",
    "get trending papers in your email inbox!": "newsletter",
    "subscribe": "newsletter",
    "new": "badge",
    "byak and the research community": "byline",
    "trending papers": "menu",
    "daily papers": "menu",
    "papers": "menu",
    "daily": "menu",
    "weekly": "menu",
    "monthly": "menu",
    "daily weekly monthly": "menu",
    "daily / weekly / monthly": "menu",
    "models": "menu",
    "datasets": "menu",
    "spaces": "menu",
    "docs": "menu",
    "posts": "menu",
    "pricing": "menu",
    "enterprise": "menu",
    "community": "menu",
    "solutions": "menu",
    "log in": "menu",
    "sign up": "menu",
    "hugging face": "menu",
    "search": "menu",
    "upvote": "menu",
    "view all": "menu",
    "previous": "menu",
    "next": "menu",
    "submit paper": "menu",
    "buckets": "menu",
    "buckets new": "menu",
    "website": "footer",
    "company": "footer",
    "tos": "footer",
    "privacy": "footer",
    "about": "footer",
    "careers": "footer",
    "trending papers ranked by github stars activity": "page-heading",
    "daily papers - hugging face": "page-heading",
    "trending papers - hugging face": "page-heading",
    "extracted text": "page-heading",
    "submitted by": "submitted-by",
    "·": "separator",
    "-": "separator",
    "*": "separator",
    "|": "separator",
    "arxiv page": "link-label",
    "github": "link-label",
}
_BYLINE = re.compile(r"^by\s{0,3}\S{1,60}\s{1,3}and the research community$", re.IGNORECASE)
_PAGE_TITLE = re.compile(r"^hugging face\s{0,3}[-–|:]\s{0,3}.{0,80}papers$", re.IGNORECASE)
_COMMENTS = re.compile(r"^\[-\]\s{0,3}(\d{1,6}|-)$")
# Chrome words that page captures glue onto the next line ("SubscribeCascaded ...").
_GLUED = re.compile(r"^(Subscribe|new|byAK and the research community)(?=[A-Z0-9])")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?"
_DATE = re.compile(rf"^(?:Published on |Submitted on )?({_MONTH}) (\d{{1,2}})(?:, (\d{{4}}))?$")
_AUTHORS = re.compile(r"^[-*•·]?\s{0,3}(\d{1,5})\s{1,3}authors?$", re.IGNORECASE)
_UPVOTES = re.compile(r"^(?:▲|⬆|↑|upvotes?:?)?\s{0,3}(\d{1,6})(?:\s{1,3}upvotes?)?$", re.I)
_COUNT_ONLY = re.compile(r"^\d{1,6}$")
_SUBMITTED = re.compile(r"^Submitted by\s{1,3}\S{1,100}$", re.IGNORECASE)
_HF_PAPER = re.compile(r"huggingface\.co/papers/(\d{4}\.\d{4,5})(?:v\d{1,3})?")
_GITHUB_LABEL = re.compile(r"^(?:LINK:\s{0,3})?GitHub(?:\s{1,3}([\d.,]{1,12}[kKmM]?))?$", re.I)
_GITHUB_LINK = re.compile(
    r"^\[(?:LINK:\s{0,3})?GitHub(?:\s{1,3}([\d.,]{1,12}[kKmM]?))?\]\((https://github\.com/[^)\s]{1,200})\)$"
)
_ORG = re.compile(r"^(?:Organization|Organisation|Org):\s{0,3}(.{1,200})$", re.IGNORECASE)
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


@dataclass(frozen=True)
class Meta:
    """One metadata line's meaning, applied to the entry it follows."""

    kind: str  # authors | date | upvotes | submitter | arxiv | github | organization
    value: str = ""
    number: int | None = None


def unglue_chrome(line: str) -> str:
    return _GLUED.sub("", line, count=1)


def chrome_kind(line: str) -> str | None:
    lowered = line.lower().rstrip(":").strip()
    if lowered in CHROME_LINES:
        return CHROME_LINES[lowered]
    if _BYLINE.match(lowered):
        return "byline"
    if _PAGE_TITLE.match(lowered):
        return "page-heading"
    return None


def parse_date(line: str) -> tuple[str, str] | None:
    """('Mar 14' as printed, ISO date or '' when the year is missing)."""
    m = _DATE.match(line)
    if not m:
        return None
    month = _MONTHS.index(m.group(1)[:3].lower()) + 1
    day = int(m.group(2))
    if day > 31:
        return None
    printed = line.removeprefix("Published on ").removeprefix("Submitted on ")
    iso = f"{m.group(3)}-{month:02d}-{day:02d}" if m.group(3) else ""
    return printed, iso


def _count(text: str) -> int:
    text = text.replace(",", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    number = text[:-1] if scale > 1 else text
    try:
        return int(float(number) * scale)
    except ValueError:
        return 0


def parse_meta(line: str) -> Meta | None:
    if len(line) > 400:
        return None
    if m := _AUTHORS.match(line):
        return Meta("authors", number=int(m.group(1)))
    if date := parse_date(line):
        return Meta("date", value=date[1] or date[0])
    if m := _UPVOTES.match(line):
        return Meta("upvotes", number=int(m.group(1)))
    if _SUBMITTED.match(line):
        return Meta("submitter", value=line.split(None, 2)[-1])
    if m := _GITHUB_LINK.match(line):
        stars = _count(m.group(1)) if m.group(1) else None
        return Meta("github", value=m.group(2), number=stars)
    if m := _ORG.match(line):
        return Meta("organization", value=m.group(1).strip())
    if (line.startswith(("http", "[", "<")) or line.startswith("huggingface.co")) and (
        m := _HF_PAPER.search(line)
    ):
        return Meta("arxiv", value=m.group(1))
    return None


_PAPER_URL = re.compile(
    r"^(?:https?://)?(?:www\.)?huggingface\.co/papers/(\d{4}\.\d{4,5})(?:v\d{1,3})?/?(#\S{0,40})?$"
)
_LOGIN_NEXT = re.compile(r"huggingface\.co/login\?next=%2Fpapers%2F(\d{4}\.\d{4,5})(?:$|[&#])")
_ARXIV_URL = re.compile(r"^https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})")
_HF_ACCOUNT = re.compile(r"^https?://huggingface\.co/([A-Za-z0-9][\w.-]{0,95})/?$")
_HF_SECTIONS = {
    "papers", "models", "datasets", "spaces", "docs", "pricing", "enterprise", "login",
    "join", "storage", "blog", "posts", "learn", "tasks", "chat", "settings", "new",
    "terms-of-service", "privacy", "collections", "organizations",
}  # fmt: skip


def paper_link(url: str) -> tuple[str, str] | None:
    """(arXiv id, role) of a link to a paper: role is paper, comments, upvote or arxiv."""
    if m := _PAPER_URL.match(url):
        return m.group(1), ("comments" if m.group(2) else "paper")
    if m := _LOGIN_NEXT.search(url):
        return m.group(1), "upvote"
    if m := _ARXIV_URL.match(url):
        return m.group(1), "arxiv"
    return None


def link_meta(label: str, url: str) -> Meta | str | None:
    """What one link means: metadata, a furniture kind, or None for a link in prose."""
    label = label.strip()
    link = paper_link(url)
    if not label:
        return "image"
    if m := _GITHUB_LABEL.match(label):
        if url.startswith("https://github.com/"):
            return Meta("github", value=url, number=_count(m.group(1)) if m.group(1) else None)
        return "link-label"
    if link and link[1] == "arxiv" and label.lower().startswith("arxiv"):
        return Meta("arxiv", value=link[0])
    if link and link[1] == "upvote" and (m := _UPVOTES.match(label.removeprefix("Upvote "))):
        return Meta("upvotes", number=int(m.group(1)))
    if link and link[1] == "comments" and _COUNT_ONLY.match(label):
        return Meta("comments", number=int(label))
    if (meta := parse_meta(label)) and meta.kind in ("authors", "date", "upvotes"):
        return meta
    if (m := _HF_ACCOUNT.match(url)) and m.group(1).lower() not in _HF_SECTIONS:
        return Meta("organization", value=label)
    if "huggingface.co/papers/date/" in url or "huggingface.co/papers/trending" in url:
        return "menu"
    return None


def comments_or_upvotes(line: str) -> Meta | None:
    """` [-] 74` (the vote button as text) and `[-] -` (no votes shown)."""
    if m := _COMMENTS.match(line):
        return Meta("upvotes", number=int(m.group(1)) if m.group(1) != "-" else None)
    return None


def is_bare_count(line: str) -> bool:
    return bool(_COUNT_ONLY.match(line))
