"""Pagefind indexed from search copies while the site renders (site/search_index.py)."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

from generator.build import build, generate
from generator.render.paths import DATE_ORDER, date_order
from generator.site import build_site
from generator.site.search_index import (
    MANIFEST,
    Bundle,
    order_by_date,
    plan_bundles,
    read_date_order,
    run_pagefind,
    search_text,
    update_copies,
)
from tests.conftest import FIXTURES, LISTINGS, make_project
from tests.test_render_digests import dated_paper, own_listing

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
    assert not (tmp_path / MANIFEST).exists()


def test_bundles_are_sealed_from_the_oldest_then_whole_steps_then_the_newest():
    bundles = plan_bundles([f"p{i}" for i in range(235)], 100)
    assert [(name, len(pages)) for name, pages in bundles] == [
        ("pagefind-1", 100), ("pagefind-2", 100), ("pagefind-3", 30), ("pagefind", 5)
    ]  # fmt: skip
    assert bundles[0][1][0] == "p0" and bundles[-1][1][-1] == "p234"
    ten = [f"p{i}" for i in range(10)]
    assert plan_bundles(ten, 10) == [("pagefind", ten)]
    assert plan_bundles(ten, 200) == [("pagefind", ten)]  # under one step: one bundle
    assert plan_bundles([], 10) == [("pagefind", [])]


def test_before_the_first_sealed_bundle_there_are_two_and_the_newest_is_small():
    pages = [f"p{i}" for i in range(235)]
    assert [(name, len(b)) for name, b in plan_bundles(pages, 1000)] == [
        ("pagefind-1", 200), ("pagefind", 35)
    ]  # fmt: skip
    assert [len(b) for _, b in plan_bundles(pages[:200], 1000)] == [200]


def reindexed_per_page(pages: list[str], start: int, per_bundle: int) -> list[int]:
    """Pages re-indexed as pages are added one at a time after the first `start`."""
    reindexed = []
    old = plan_bundles(pages[:start], per_bundle)
    for n in range(start + 1, len(pages)):
        new = plan_bundles(pages[:n], per_bundle)
        sealed = len(old) - 2 if len(old) > 2 else 0  # the middle and newest may change
        assert [b for _, b in new[:sealed]] == [b for _, b in old[:sealed]]  # names may move
        before = {tuple(b) for _, b in old}
        reindexed.append(sum(len(b) for _, b in new if tuple(b) not in before))
        old = new
    return reindexed


def test_a_new_page_reindexes_few_pages_and_no_sealed_bundle():
    pages = [f"p{i:04d}" for i in range(1300)]
    reindexed = reindexed_per_page(pages, 1000, 100)  # from ten sealed bundles
    assert max(reindexed) == 100  # the day the rest fills a sealed bundle
    assert sum(reindexed) / len(reindexed) < 15  # one level: about 50 (the newest, 1-100)


def test_before_a_sealed_bundle_a_new_page_reindexes_few_pages():
    pages = [f"p{i:04d}" for i in range(1000)]
    reindexed = reindexed_per_page(pages, 100, 1000)
    assert max(reindexed) <= 1000  # the day the middle bundle grows by a step
    assert sum(reindexed) / len(reindexed) < 60  # one bundle: every page, about 550


def test_pages_the_date_order_does_not_list_come_last_by_path():
    pages = [("papers/b.md", "papers/b/index.html"), ("papers/z.md", "papers/z/index.html"),
             ("papers/a.md", "papers/a/index.html")]  # fmt: skip
    assert order_by_date(pages, ["papers/z.md"]) == [
        "papers/z/index.html", "papers/a/index.html", "papers/b/index.html"
    ]  # fmt: skip


def test_date_order_is_oldest_first_then_undated(tmp_path):
    config = make_project(tmp_path)
    own = tmp_path / "own.json"
    papers = [published(3), published(1), {**dated_paper(9, "2026-03-01"), "title": "Undated"}]
    own.write_text(own_listing(papers))
    result = generate([own], config)
    order = read_date_order(str(tmp_path / "docs"))
    slugs = [p.slug for p in result.catalogue.papers]
    assert len(order) == 3 and order == date_order(result.catalogue.papers).split()
    assert [next(s for s in slugs if line.endswith(f"/{s}.md")) for line in order] == [
        next(p.slug for p in result.catalogue.papers if p.title == t)
        for t in ("Sparse routing study number 1", "Sparse routing study number 3", "Undated")
    ]
    assert (tmp_path / "docs" / DATE_ORDER).is_file()


def published(n: int) -> dict:
    return {**dated_paper(n, f"2026-03-{n:02d}"), "published": f"2026-02-{n:02d}"}


def bundle_project(tmp_path: Path, papers: list[dict]) -> tuple[Path, Path]:
    listing = tmp_path / "listing"
    listing.mkdir(parents=True, exist_ok=True)
    (listing / "own.json").write_text(own_listing(papers))
    config = make_project(tmp_path)
    generate([listing], config)
    return config, listing


def build_bundled(config: Path, site: Path) -> None:
    options = {"search": "pagefind", "pagefind_bundle_pages": 4, "jobs": 1}
    build_site(config, site, plugins=["search", {"paper-site": options}])


def test_newer_papers_reindex_only_the_newest_bundle(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.paper-site")
    before = [published(n) for n in range(1, 11)]  # bundles of 4, 4, 2
    second = {**published(11), "authors": ["Solo Author 1"]}  # paper 1's author gets a page
    after = [*before, second, published(12)]  # 4, 4, 4
    config, listing = bundle_project(tmp_path / "warm", before)
    build_bundled(config, tmp_path / "warm" / "site")
    (listing / "own.json").write_text(own_listing(after))
    generate([listing], config)
    caplog.clear()
    build_bundled(config, tmp_path / "warm" / "site")
    assert any(m.endswith("; 2 of 3 bundles reused") for m in messages(caplog)), messages(caplog)
    first = next((tmp_path / "warm" / "site" / "papers").glob("*/sparse-routing-study-number-1/"))
    assert ">Solo Author 1</a>" in (first / "index.html").read_text()  # its copy changed
    store = tmp_path / "warm" / ".cache" / "paper-site" / "search-bundles"
    assert len(list(store.iterdir())) == 3  # the replaced newest bundle was deleted
    cold_config, _ = bundle_project(tmp_path / "cold", after)
    build_bundled(cold_config, tmp_path / "cold" / "site")
    warm = {n: b for n, b in tree(tmp_path / "warm" / "site").items() if n.startswith("pagefind")}
    cold = {n: b for n, b in tree(tmp_path / "cold" / "site").items() if n.startswith("pagefind")}
    assert warm == cold
    merged = json.loads((tmp_path / "warm" / "site" / "pagefind" / "bundles.json").read_text())
    assert merged == {"merge": ["../pagefind-1/", "../pagefind-2/"]}
    fragments = [len(list((tmp_path / "warm" / "site" / f / "fragment").iterdir()))
                 for f in ("pagefind-1", "pagefind-2", "pagefind")]  # fmt: skip
    assert fragments == [4, 4, 4]


def date_bundles(docs: Path, per_bundle: int) -> list[Bundle]:
    """The bundles the plugin plans for the paper pages of `docs`."""
    pages = [p.relative_to(docs).as_posix() for p in (docs / "papers").glob("*/*.md")]
    dests = order_by_date(
        ((src, src[: -len(".md")] + "/index.html") for src in pages), read_date_order(str(docs))
    )
    return plan_bundles(dests, per_bundle)


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
    run_pagefind(str(again), date_bundles(tmp_path / "docs", 10_000))
    built = {n: b for n, b in tree(tmp_path / "site").items() if n.startswith("pagefind")}
    assert built == {n: b for n, b in tree(again).items() if n.startswith("pagefind")}
    assert len(built) > 300


def test_search_copy_of_a_paper_page_holds_title_abstract_and_authors_not_tags(rich_site):
    _, site, _ = rich_site
    pages = [p.read_text() for p in (site / "papers").glob("*/*/index.html")]
    page = next(p for p in pages if 'class="ps-chips"' in p and "Authors:" in p)
    copy = search_text(page)
    assert copy is not None
    assert "<h1" in copy and 'class="ps-abstract"' in copy and "Authors:" in copy
    assert "ps-chip" not in copy  # tags change on old papers as papers arrive
