"""Property tests: no parser raises on arbitrary input, and the accounting identity holds."""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.ingest.hf_json import parse_hf_daily_json
from generator.ingest.hf_text import parse_hf_page_text
from generator.ingest.own_format import parse_own_listing
from generator.ingest.report import FileReport
from generator.render.escape import escape_markdown

# CI runs a modest number; benchmarks/fuzz_parsers.py runs 10,000+ per parser.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
LINE = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        ["Subscribe", "new", "Mar 14", "- 8 authors", "123", "### A Title", "", "---",
         "https://huggingface.co/papers/2410.05434", "[LINK: GitHub 1.2k](https://github.com/a/b)",
         "A Short Title", "An abstract sentence that is long enough to look like prose. " * 5,
         "[", "2 authors](https://huggingface.co/papers/2410.05434)", "Submitted by", "·",
         "https://huggingface.co/login?next=%2Fpapers%2F2410.05434", "### [A Title",
         "### Continued][3]", "[3]: https://huggingface.co/papers/2401.00001", " [-] 4",
         "[[图片：x] Org](https://huggingface.co/org)", "<a id=\"s-1\"></a>", "```", "\\"]
    ),
)  # fmt: skip
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(
            st.sampled_from(
                [
                    "paper",
                    "title",
                    "summary",
                    "id",
                    "authors",
                    "data",
                    "name",
                    "upvotes",
                    "githubRepo",
                    "papers",
                    "abstract",
                ]
            ),
            children,
            max_size=6,
        )
    ),  # fmt: skip
    max_leaves=25,
)


@SETTINGS
@given(st.lists(LINE, max_size=40))
def test_text_parser_never_raises_and_accounts_for_entries(lines):
    report = FileReport("fuzz.txt")
    papers = parse_hf_page_text("\n".join(lines), "fuzz.txt", report)
    # Parsers count rejections; the caller counts accepted entries, so this must hold:
    assert report.entries_found == report.entries_rejected
    assert all(p.title and p.abstract for p in papers)


@SETTINGS
@given(st.lists(LINE, max_size=30), st.sampled_from(["", "DailyPapers", "PaperContent"]))
def test_html_reader_never_raises_and_accounts_for_entries(lines, target):
    from html import escape

    from generator.ingest.hf_html import parse_hf_html

    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    if target:
        body = f'<div data-target="{target}" data-props="{escape(chr(10).join(lines))}"></div>'
    report = FileReport("fuzz.html")
    papers = parse_hf_html(f"<html><body>{body}</body></html>", "fuzz.html", report)
    assert report.entries_found == report.entries_rejected
    assert all(p.title and p.abstract for p in papers)


@SETTINGS
@given(JSON)
def test_json_parsers_never_raise(value):
    text = json.dumps(value)
    for parse in (
        lambda r: parse_hf_daily_json(text, "f.json", r),
        lambda r: parse_own_listing(text, "f.json", r, yaml_syntax=False),
        lambda r: parse_own_listing(text, "f.yaml", r, yaml_syntax=True),
    ):
        report = FileReport("f.json")
        papers = parse(report)
        assert report.entries_found == report.entries_rejected
        assert all(p.title and p.abstract for p in papers)


@SETTINGS
@given(st.text(max_size=200))
def test_arbitrary_text_never_raises_in_json_or_yaml_reader(text):
    for yaml_syntax in (True, False):
        report = FileReport("f")
        parse_own_listing(text, "f", report, yaml_syntax=yaml_syntax)
        parse_hf_daily_json(text, "f", FileReport("f"))


@SETTINGS
@given(st.text(max_size=200))
def test_escaped_text_has_no_raw_markup(text):
    escaped = escape_markdown(text)
    assert "<" not in escaped and '"' not in escaped
