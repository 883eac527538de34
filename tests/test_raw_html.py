"""HTML blocks the generator writes (site/raw_html.py): links resolved as MkDocs would."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import Markdown
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from generator.site.raw_html import (
    _blocks,
    extract,
    page_folder,
    relative_url,
    with_block_headings,
)

BLOCK = """<!--ps:html-->
<ul>
<li><a href="a.md">A</a> <a href="a.md#sec">A, section</a> <a href="sub/b.md">B</a></li>
<li><a href="https://arxiv.org/abs/1?x=1&amp;y=2">arXiv</a> <span id="inside">here</span></li>
</ul>
<!--/ps:html-->"""


def site(tmp_path: Path, index: str, directory_urls: bool = True) -> dict[str, str]:
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "index.md").write_text(f"# Home\n\n{index}\n\nAfter.\n")
    (docs / "a.md").write_text("# A\n\n## Section { #sec }\n\n[home](index.md#inside)\n")
    (docs / "sub" / "b.md").write_text(
        f"# B\n\n{BLOCK.replace('a.md', '../a.md').replace('sub/b.md', 'b.md')}\n"
    )
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\nplugins:\n  - paper-site:\n      cache_dir: ''\n      search: material\n"
        f"use_directory_urls: {str(directory_urls).lower()}\n"
        "markdown_extensions:\n  - attr_list\n  - toc\n"
        "validation:\n  links:\n    not_found: warn\n    anchors: warn\n"
    )
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    build(config)
    out = tmp_path / "site"
    return {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*.html")}


def hrefs(page: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)">(?:A|A, section|B|arXiv)</a>', page)


def test_block_links_resolve_like_markdown_links(tmp_path):
    pages = site(tmp_path, BLOCK)
    assert hrefs(pages["index.html"]) == [
        "a/", "a/#sec", "sub/b/", "https://arxiv.org/abs/1?x=1&amp;y=2",
    ]  # fmt: skip
    assert hrefs(pages["sub/b/index.html"]) == [
        "../../a/", "../../a/#sec", "./", "https://arxiv.org/abs/1?x=1&amp;y=2",
    ]  # fmt: skip
    assert "<p>After.</p>" in pages["index.html"]
    assert "psraw" not in pages["index.html"]


def test_block_links_resolve_for_the_offline_build(tmp_path):
    pages = site(tmp_path, BLOCK, directory_urls=False)
    assert hrefs(pages["sub/b.html"])[:3] == ["../a.html", "../a.html#sec", "b.html"]


def test_missing_target_in_block_warns(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    site(tmp_path, BLOCK.replace('"a.md"', '"gone.md"'))
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("'gone.md'" in w and "not found" in w for w in warnings), warnings


def test_missing_anchor_in_block_warns(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    site(tmp_path, BLOCK.replace("a.md#sec", "a.md#nowhere"))
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("anchor '#nowhere'" in w for w in warnings), warnings


def test_ids_inside_blocks_count_as_anchors(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    site(tmp_path, BLOCK)  # a.md links to index.md#inside, an id inside the block
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_placeholder_text_in_the_page_is_left_alone(tmp_path):
    _, _, token = extract(BLOCK)
    forged = f"{token}0"  # the token of another page's Markdown
    pages = site(tmp_path, f"{BLOCK}\n\n{forged}")
    assert f"<p>{forged}</p>" in pages["index.html"]


@pytest.mark.parametrize("text", ["no block here", "<!--ps:html--> inline, not a block"])
def test_markdown_without_blocks_is_unchanged(text):
    assert extract(text)[:2] == (text, [])


REFERENCE_BLOCK = re.compile(r"^<!--ps:html-->\n(.*?)\n?<!--/ps:html-->$", re.S | re.M)
piece = st.sampled_from(
    ["<!--ps:html-->", "<!--/ps:html-->", "<!--ps:html-->\n", "\n<!--/ps:html-->",
     "\n<!--/ps:html-->\n", "\n", "\n\n", "<p>x</p>", "text", " "]
)  # fmt: skip


@settings(max_examples=400)
@given(st.lists(piece, max_size=12).map("".join))
def test_blocks_are_found_as_the_line_anchored_pattern_finds_them(text):
    expected = [(m.start(), m.end(), m.group(1)) for m in REFERENCE_BLOCK.finditer(text)]
    assert list(_blocks(text)) == expected
    if not expected:
        assert extract(text)[:2] == (text, [])


segment = st.sampled_from(["papers", "tags", "ab", "x.html", "index.html", "a", ""])
url = st.lists(segment, min_size=0, max_size=4).map("/".join)


@given(url, url)
def test_relative_url_equals_mkdocs(target, page):
    assert relative_url(target, page_folder(page)) == get_relative_url(target, page)


HEADINGS_MARKDOWN = """## Before

### Ann &amp; Bo <small>2 papers</small> { #ann }

### Cy <small>3 papers</small> { #cy }

## After"""

HEADINGS_BLOCK = """## Before

<!--ps:html-->
<h3 id="ann">Ann &amp; Bo <small>2 papers</small></h3>
<h3 id="cy">Cy <small>3 papers</small></h3>
<!--/ps:html-->

## After"""


def test_block_headings_join_the_table_of_contents_in_order(tmp_path):
    def page(folder: str, index: str) -> str:  # without the theme's build-date comment
        return site(tmp_path / folder, index)["index.html"].split("Build Date UTC")[0]

    assert page("block", HEADINGS_BLOCK) == page("md", HEADINGS_MARKDOWN)


def test_block_headings_nest_in_document_order():
    markdown = Markdown(extensions=["toc", "attr_list"])
    stripped, blocks, token = extract("# Home\n\n" + HEADINGS_BLOCK)
    content = markdown.convert(stripped).replace(f"<p>{token}0</p>", blocks[0])
    toc = with_block_headings(get_toc(markdown.toc_tokens), content)

    def shape(links) -> list:
        return [(link.id, link.title, shape(link.children)) for link in links]

    assert shape(toc) == [
        ("home", "Home", [
            ("before", "Before", [
                ("ann", "Ann &amp; Bo 2 papers", []), ("cy", "Cy 3 papers", []),
            ]),
            ("after", "After", []),
        ]),
    ]  # fmt: skip


def test_pages_of_blocks_only_are_built_as_python_markdown_builds_them(tmp_path, monkeypatch):
    from generator.build import generate
    from generator.site import build_site, raw_html
    from tests.conftest import ROOT, make_project

    config = make_project(tmp_path)
    generate([ROOT / "tests" / "fixtures" / "hf_api"], config)
    skipped: list[str] = []
    render = raw_html._render_placeholders

    def counted(page, token, count):
        skipped.append(page.file.src_uri)
        render(page, token, count)

    monkeypatch.setattr(raw_html, "_render_placeholders", counted)
    build_site(config, tmp_path / "direct", jobs=1)
    assert {uri.split("/")[0] for uri in skipped} >= {"authors", "tags"}
    monkeypatch.setattr(raw_html, "SKIP_MARKDOWN", False)
    shutil.rmtree(tmp_path / ".cache")
    build_site(config, tmp_path / "markdown", jobs=1)
    direct, through = tmp_path / "direct", tmp_path / "markdown"
    files = sorted(p.relative_to(direct) for p in direct.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(through) for p in through.rglob("*") if p.is_file())
    assert [f for f in files if (direct / f).read_bytes() != (through / f).read_bytes()] == []
