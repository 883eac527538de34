"""Pagefind search (chosen automatically for large sites), in the header, under the CSP."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from mkdocs.config import load_config

from generator.build import build, generate
from generator.render.paths import DATE_ORDER
from generator.site import build_site
from generator.site.search_index import count_paper_pages, plan_bundles
from tests.browser import browser_page, netlify_headers, require_browser, serve_directory
from tests.conftest import LISTINGS, ROOT, make_project

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pagefind")
    config = make_project(tmp)
    build([LISTINGS], tmp / "site", config, search="pagefind")
    return tmp / "site"


def test_pagefind_replaces_material_search_index(pagefind_site):
    assert (pagefind_site / "pagefind" / "pagefind-ui.js").is_file()
    assert len(list((pagefind_site / "pagefind" / "fragment").iterdir())) == 296
    assert not (pagefind_site / "search" / "search_index.json").exists()


@pytest.mark.parametrize(("threshold", "backend"), [(100, "pagefind"), (1000, "material")])
def test_auto_chooses_pagefind_only_above_the_threshold(pagefind_site, threshold, backend):
    config_file = pagefind_site.parent / "mkdocs.yml"  # its docs/ holds 296 paper pages
    config = load_config(
        str(config_file), plugins=["search", {"paper-site": {"pagefind_above": threshold}}]
    )
    config = config.plugins.on_config(config)
    assert count_paper_pages(config.docs_dir) == 296
    assert config.extra["search_backend"] == backend
    assert config.plugins["material/search"].config.enabled == (backend == "material")


@contextlib.contextmanager
def searching(site: Path, path: str, query: str) -> Iterator[tuple[Page, list[str]]]:
    """`query` typed into the header search of `path`, served under the site's headers;
    yields the page and the console errors seen so far."""
    require_browser()
    with (
        serve_directory(site, netlify_headers(ROOT / "netlify.toml")) as url,
        browser_page() as page,
    ):
        problems: list[str] = []
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.goto(url + path)
        page.locator("#ps-pagefind-ui input").wait_for()  # built once bundles.json is read
        page.keyboard.press("/")
        page.keyboard.type(query, delay=20)
        yield page, problems


def test_header_search_finds_propainter_and_opens_it_under_the_csp(pagefind_site):
    with searching(pagefind_site, "", "video inpainting") as (page, problems):
        hit = page.locator(".pagefind-ui__result-link", has_text="ProPainter")
        hit.first.wait_for(timeout=15_000)
        assert page.locator(".pagefind-ui__result mark").count() > 0  # highlighted snippet
        hit.first.click()
        page.wait_for_url(
            "**/propainter-improving-propagation-and-transformer-for-video-inpainting/"
        )
        assert "ProPainter" in page.locator("h1").first.inner_text()
        assert problems == []


@pytest.fixture(scope="module")
def bundled_site(tmp_path_factory):
    """296 paper pages split into Pagefind bundles by date (slug: undated)."""
    tmp = tmp_path_factory.mktemp("bundles")
    config = make_project(tmp)
    generate([LISTINGS], config)
    options = {"search": "pagefind", "pagefind_bundle_pages": 100}
    build_site(config, tmp / "site", plugins=["search", {"paper-site": options}])
    return tmp / "site"


def bundle_of_slug(site: Path) -> dict[str, str]:
    """Each paper's bundle folder, by the generator's date order."""
    order = (site.parent / "docs" / DATE_ORDER).read_text().split()
    return {
        line.rsplit("/", 1)[1][: -len(".md")]: name
        for name, lines in plan_bundles(order, 100)
        for line in lines
    }


def test_large_index_is_split_into_bundles_of_bounded_folders(bundled_site):
    folders = ["pagefind-1", "pagefind-2", "pagefind-3", "pagefind"]
    manifest = json.loads((bundled_site / "pagefind" / "bundles.json").read_text())
    assert manifest == {"merge": ["../pagefind-1/", "../pagefind-2/", "../pagefind-3/"]}
    fragments = [len(list((bundled_site / f / "fragment").iterdir())) for f in folders]
    assert fragments == [100, 100, 90, 6]  # sealed, sealed, whole steps of 10, newest
    assert not (bundled_site / "papers" / ".by-date").exists()  # not published


def test_search_merges_results_from_every_bundle(bundled_site):
    # From a page below the root: the bundle paths must resolve from there too.
    with searching(bundled_site, "topics/", "learning") as (page, problems):
        links = page.locator(".pagefind-ui__result-link")
        links.first.wait_for(timeout=15_000)
        more = page.locator(".pagefind-ui__button")
        for _ in range(6):  # "Load more results" until about 35 are listed
            if more.count():
                more.first.click()
        hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
        bundle = bundle_of_slug(bundled_site)
        slugs = [h.rstrip("/").rsplit("/", 1)[1] for h in hrefs if "/papers/" in h]
        assert len({bundle[s] for s in slugs}) >= 3, hrefs
        assert problems == []
