"""Read Hugging Face pages saved as HTML ("Save page as…").

Listing pages (`/papers`, `/papers/date|week|month/…`, trending, search) embed
their list as HTML-escaped JSON: `<div data-target="DailyPapers"
data-props="{…}">` holding `dailyPapers` (items in the API's shape),
`dateString` and `periodType`. A paper page embeds `<div
data-target="PaperContent" data-props="{…}">` whose `paper` is the API's paper
object. Both are read as API JSON. Any other page's visible text, with its
links written as Markdown links, goes to the page-text parser.

selectolax (the Lexbor engine) parses the HTML: real HTML parsing, attributes
unescaped by the parser, never regular expressions over markup.
"""

from __future__ import annotations

import json
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from generator.ingest.hf_json import items_to_papers
from generator.ingest.hf_text import parse_hf_page_text
from generator.ingest.report import FileReport
from generator.paper import Paper

HTML_SUFFIXES = {".html", ".htm"}
_INVISIBLE = "script, style, noscript, template, svg, head"


def parse_hf_html(text: str, file: str, report: FileReport) -> list[Paper]:
    tree = LexborHTMLParser(text)
    if (node := tree.css_first('[data-target="DailyPapers"]')) is not None:
        props = _props(node, "DailyPapers", report)
        if props is None:
            return []
        items = props.get("dailyPapers")
        if not isinstance(items, list):
            report.error = "DailyPapers props hold no dailyPapers list"
            return []
        day = props.get("dateString") if props.get("periodType") in ("day", None) else ""
        report.format = "hf-html"
        return items_to_papers(items, file, report, _day(day), kind="hf-html")
    if (node := tree.css_first('[data-target="PaperContent"]')) is not None:
        props = _props(node, "PaperContent", report)
        if props is None:
            return []
        if not isinstance(props.get("paper"), dict):
            report.error = "PaperContent props hold no paper object"
            return []
        report.format = "hf-html"
        return items_to_papers([{"paper": props["paper"]}], file, report, kind="hf-html")
    report.format = "hf-html-text"
    papers = parse_hf_page_text(visible_text(tree), file, report)
    if not papers:
        # Another site's page or a login wall: one line for the file, not a line per paragraph.
        report.rejected.clear()
        report.entries_found = 0
        report.error = "no papers found (not a Hugging Face papers page?)"
    return papers


def _props(node: Any, target: str, report: FileReport) -> dict | None:
    raw = node.attributes.get("data-props") or ""
    try:
        props = json.loads(raw)
    except json.JSONDecodeError as exc:
        report.error = f"{target} data-props is not valid JSON ({exc.msg}, char {exc.pos})"
        return None
    if not isinstance(props, dict):
        report.error = f"{target} data-props is not a JSON object"
        return None
    return props


def _day(value: Any) -> str:
    text = value[:10] if isinstance(value, str) else ""
    return text if len(text) == 10 and text[4] == "-" and text[7] == "-" else ""


def visible_text(tree: LexborHTMLParser) -> str:
    """The page's text, one block per line, links kept as `[text](href)`."""
    for node in tree.css(_INVISIBLE):
        node.decompose()
    for link in tree.css("a[href]"):
        label = link.text(separator=" ").strip()
        href = (link.attributes.get("href") or "").strip()
        if href.startswith("/"):
            href = f"https://huggingface.co{href}"
        link.replace_with(f"[{label}]({href})" if label and href.startswith("http") else label)
    body = tree.body or tree.root
    if body is None:
        return ""
    return body.text(separator="\n")
