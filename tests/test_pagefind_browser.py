"""Pagefind search (chosen automatically for large sites), in the header, under the CSP."""

from __future__ import annotations

import pytest
from mkdocs.config import load_config

from generator.build import build
from generator.mkdocs_plugin import count_paper_pages
from tests.browser import browser_page, netlify_headers, require_browser, serve_directory
from tests.conftest import LISTINGS, ROOT, make_project

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


def test_header_search_finds_propainter_and_opens_it_under_the_csp(pagefind_site):
    require_browser()
    with (
        serve_directory(pagefind_site, netlify_headers(ROOT / "netlify.toml")) as url,
        browser_page() as page,
    ):
        problems: list[str] = []
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.goto(url)
        page.keyboard.press("/")
        page.keyboard.type("video inpainting", delay=20)
        hit = page.locator(".pagefind-ui__result-link", has_text="ProPainter")
        hit.first.wait_for(timeout=15_000)
        assert page.locator(".pagefind-ui__result mark").count() > 0  # highlighted snippet
        hit.first.click()
        page.wait_for_url(
            "**/propainter-improving-propagation-and-transformer-for-video-inpainting/"
        )
        assert "ProPainter" in page.locator("h1").first.inner_text()
        assert problems == []
