"""Page furniture is counted by kind and never becomes a paper; titles survive the
Markdown that capture tools wrap them in. The lines are real ones from captures."""

from __future__ import annotations

import pytest

from generator.ingest.hf_text import parse_hf_page_text
from generator.ingest.junk_gate import abstract_problem, title_problem
from generator.ingest.report import FileReport
from tests.test_hostile_input import PAYLOADS

ABSTRACT = (
    "We study how capture tools write a papers page and show that a parser can read "
    "every entry of it without turning the page around it into papers."
)


def _entry(n: int, title_lines: str, after: str = "") -> str:
    return (
        f"https://huggingface.co/login?next=%2Fpapers%2F2410.0{n:04d}\n\n{title_lines}\n\n"
        f"https://huggingface.co/papers/2410.0{n:04d}\n\n{ABSTRACT}\n\n{after}\n\n"
    )


def parse(text: str) -> tuple[list, FileReport]:
    report = FileReport("page.txt")
    return parse_hf_page_text(text, "page.txt", report), report


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("[\n\n2 authors](https://huggingface.co/papers/2410.00002)", "authors"),
        ("Oct 7, 2024", "date"),
        (" [-] 74", "upvotes"),
        ("[Upvote\n\n117](https://huggingface.co/login?next=%2Fpapers%2F2410.00002)", "upvotes"),
        ("[GitHub 3.29k](https://github.com/Edge0-AI/edge0)", "github"),
        ("[LINK: GitHub 11.3k](https://github.com/microsoft/unilm)", "github"),
        ("[arXiv Page](https://arxiv.org/abs/2410.00002)", "arxiv"),
        (
            "[[图片：princetonu] Princeton University](https://huggingface.co/princetonu)",
            "organization",
        ),
        (
            "[![CarnegieMellonU](https://cdn-avatars.huggingface.co/v1/x.png)](https://huggingface.co/cmu)",
            "image",
        ),
        ("- [图片：无替代文本]", "image"),
        ("·", "separator"),
        ("Pricing", "menu"),
        ("Careers", "footer"),
        ("Daily Papers - Hugging Face", "page-heading"),
        ("by[AK][30] and the research community", "byline"),
        ('<a id="source-section-3"></a>', "html-anchor"),
        ("https://huggingface.co/pricing", "url"),
    ],
)
def test_furniture_line_is_counted_by_kind(line, kind):
    text = _entry(1, "A First Paper About Parsing Pages", line) + _entry(2, "A Second Paper")
    papers, report = parse(text)
    assert [p.title for p in papers] == ["A First Paper About Parsing Pages", "A Second Paper"]
    assert report.skipped[kind] >= 1
    assert report.rejected == []


def test_submitted_by_and_user_name_are_furniture():
    text = _entry(1, "A Paper", "Submitted by\n\n[图片：无替代文本]\n\nvvasilev") + _entry(
        2, "B Paper"
    )
    papers, report = parse(text)
    assert len(papers) == 2
    assert report.skipped["submitted-by"] == 1 and report.skipped["user"] == 1


def test_comment_count_before_community_link_is_not_upvotes():
    text = _entry(1, "A Paper", "2\n\nhttps://huggingface.co/papers/2410.00001#community\n\n [-] -")
    papers, report = parse(text + _entry(2, "B Paper"))
    assert papers[0].upvotes is None
    assert report.skipped["comments"] == 1


def test_short_title_is_kept():
    papers, _ = parse(_entry(1, "Context Language Models") + _entry(2, "B Paper"))
    assert papers[0].title == "Context Language Models"


def test_title_wrapped_over_two_heading_lines_is_joined():
    text = (
        "### [KV Cache Compression, But What Must We Give in Return? A Comprehensive "
        "Benchmark of Long Context Capable\n### Approaches][106]\n\n"
        f"{ABSTRACT}\n\n* 9 authors\n\n[106]: https://huggingface.co/papers/2407.01527\n"
    )
    papers, report = parse(text)
    assert papers[0].title.endswith("Long Context Capable Approaches")
    assert papers[0].arxiv_id == "2407.01527"
    assert papers[0].num_authors == 9
    assert report.skipped["link-definition"] == 1


def test_heading_link_title_and_escaped_hard_breaks():
    text = (
        "### [Diff \\[Transformer\\]](https://huggingface.co/papers/2410.05258)\n"
        "Transformer tends to overallocate attention to irrelevant context.\\\\\n"
        "In this work, we introduce Diff Transformer.\n"
    )
    papers, _ = parse(text)
    assert papers[0].title == "Diff [Transformer]"
    assert papers[0].abstract.startswith("Transformer tends to overallocate attention")
    assert "\\" not in papers[0].abstract


def test_text_outside_any_anchor_never_becomes_a_paper():
    stray = (
        "This paragraph sits between entries and reads like an abstract of a paper, "
        "but no link introduces it."
    )
    papers, report = parse(_entry(1, "A Paper", f"Oct 7, 2024\n\n{stray}") + _entry(2, "B Paper"))
    assert [p.title for p in papers] == ["A Paper", "B Paper"]
    assert report.skipped["page-text"] == 1


@pytest.mark.parametrize(
    "title",
    [
        "2 authors](https://huggingface.co/papers/2410.05434)",
        "May 29",
        "Submitted by",
        "Daily Papers - Hugging Face",
        "https://huggingface.co/papers/2410.05434",
        "117",
    ],
)
def test_junk_gate_rejects_furniture_as_a_title(title):
    assert title_problem(title)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_junk_gate_passes_hostile_titles(payload):
    title = f"Hostile Paper 1: {payload}"
    assert title_problem(title) is None or "too long" in title_problem(title)


def test_junk_gate_rejects_an_abstract_that_is_not_prose():
    assert abstract_problem("vvasilev")
    assert abstract_problem("1 2 3 4 5 6 7 8")
    assert abstract_problem(ABSTRACT) is None


def test_two_line_entries_with_hostile_titles_are_all_found():
    lines = []
    for n, payload in enumerate(PAYLOADS[:40]):
        lines += [f"Hostile Paper {n}: {payload}", f"Abstract of case {n}: we report what it does."]
    papers, report = parse("\n".join(lines) + "\n")
    assert len(papers) == 40 and report.rejected == []
    assert [p.title.split(":")[0] for p in papers] == [f"Hostile Paper {n}" for n in range(40)]


def test_title_like_line_joined_to_an_abstract_is_reported():
    text = (
        "A Paper About Wrapping\n"
        "We study hard-wrapped abstracts whose lines are short\n"
        "Another Line That Looks Like A Title\n"
        "and we end the abstract here with a period.\n\n"
        "B Paper\nA second abstract that is long enough to be prose, ending with a period.\n"
    )
    papers, report = parse(text)
    assert len(papers) == 2
    assert report.ambiguous_joins == [3]


def test_escaped_script_title_after_a_short_abstract_is_its_own_entry():
    lines = []
    for n in range(40):
        title = f"Hostile Paper {n}: Case {n}"
        if n == 32:
            title = 'Hostile Paper 32: &lt;script&gt;alert("T27")&lt;/script&gt;'
        lines += [title, f"Abstract {n} is short but is still a sentence of prose."]
    papers, report = parse("\n".join(lines) + "\n")
    assert len(papers) == 40 and report.rejected == [] and report.ambiguous_joins == []
    assert papers[32].title == 'Hostile Paper 32: &lt;script&gt;alert("T27")&lt;/script&gt;'


def test_unanchored_abstract_length_prose_is_rejected_not_skipped():
    prose = " ".join(["This orphan paragraph reads like an abstract of a paper."] * 4)
    papers, report = parse(_entry(1, "A Paper", f"Oct 7, 2024\n\n{prose}") + _entry(2, "B Paper"))
    assert len(papers) == 2
    assert [r.reason for r in report.rejected] == [
        "prose with no paper link or heading before it (a missed title?)"
    ]
