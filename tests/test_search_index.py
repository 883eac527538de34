"""Pagefind indexed from search copies while the site renders (site/search_index.py)."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from generator.build import build
from generator.site.search_index import run_pagefind, search_text, update_copies
from tests.conftest import FIXTURES, LISTINGS, make_project

PAGE = (
    '<!doctype html><html lang="en" class="no-js"><head><title>T</title></head><body>'
    '<nav><a href="/">Home</a></nav><h1 id="t" data-pagefind-body="">T <em>x</em></h1>'
    '<div data-pagefind-body=""><div>a</div><p>b</p></div><p>related</p>'
    '<p data-pagefind-body="">c<br>d</p></body></html>'
)


def messages(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records]


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_search_text_keeps_the_html_tag_and_the_marked_elements():
    assert search_text(PAGE) == (
        '<!doctype html><html lang="en" class="no-js"><body>'
        '<h1 id="t" data-pagefind-body="">T <em>x</em></h1>'
        '<div data-pagefind-body=""><div>a</div><p>b</p></div>'
        '<p data-pagefind-body="">c<br>d</p></body></html>\n'
    )


def test_search_text_refuses_pagefind_attributes_outside_the_marked_elements():
    assert search_text(PAGE.replace("<nav>", '<nav data-pagefind-filter="x">')) is None
    assert search_text(PAGE.replace('data-pagefind-body=""', "")) is None  # whole body


def test_search_text_tells_the_attribute_from_text_that_names_it():
    named = PAGE.replace("<p>related</p>", "<p>see data-pagefind-body</p>")
    assert search_text(named) is None  # Pagefind's attribute named outside: not ours to copy
    inside = PAGE.replace("<p>b</p>", "<p>the data-pagefind-body attribute</p>")
    assert "the data-pagefind-body attribute" in search_text(inside)


def test_copies_of_pages_that_left_are_deleted_with_their_folders(tmp_path):
    pages = [
        ("papers/0a/x/index.html", "k1", lambda: PAGE),
        ("papers/0b/y/index.html", "k2", lambda: PAGE),
    ]
    assert update_copies(tmp_path, pages)
    assert update_copies(tmp_path, pages[:1])
    assert not (tmp_path / "papers" / "0b").exists()
    assert (tmp_path / "papers" / "0a" / "x" / "index.html").is_file()


def test_unchanged_key_keeps_its_copy_unread(tmp_path):
    assert update_copies(tmp_path, [("papers/0a/x/index.html", "k1", lambda: PAGE)])
    unread = [("papers/0a/x/index.html", "k1", lambda: None)]
    assert update_copies(tmp_path, unread)
    changed = [("papers/0a/x/index.html", "k2", lambda: None)]
    assert not update_copies(tmp_path, changed)  # its HTML is not known: no copies
    assert not (tmp_path / "manifest.json").exists()


def test_index_from_copies_equals_index_from_the_built_pages(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.paper-site")
    config = make_project(tmp_path)
    first = sorted(LISTINGS.iterdir())
    build(first, tmp_path / "site", config, search="pagefind", jobs=2)
    more = [*first, FIXTURES / "hf_json_array.json"]
    build(more, tmp_path / "site", config, search="pagefind", jobs=2)  # a partial build
    started = [m for m in messages(caplog) if m.startswith("pagefind: started from")]
    assert len(started) == 2
    assert any(m.startswith("partial build:") for m in messages(caplog))
    again = tmp_path / "again"
    shutil.copytree(tmp_path / "site", again)
    for folder in again.glob("pagefind*"):
        shutil.rmtree(folder)
    papers = len(list((tmp_path / "docs" / "papers").glob("*/*.md")))
    run_pagefind(str(again), papers)
    built = {n: b for n, b in tree(tmp_path / "site").items() if n.startswith("pagefind")}
    assert built == {n: b for n, b in tree(again).items() if n.startswith("pagefind")}
    assert len(built) > 300
