from __future__ import annotations

import pytest

from tests.browser import browser_page, require_browser, serve_directory

pytestmark = pytest.mark.browser


def test_typing_inpainting_lists_propainter_and_opens_it(built_site):
    require_browser()
    _config, site, _result = built_site
    with serve_directory(site) as url, browser_page() as page:
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(url)
        page.keyboard.press("/")
        page.fill("input.md-search__input", "inpainting")
        title = page.locator("h1", has_text="ProPainter")
        hit = page.locator(".md-search-result__item", has=title).first
        hit.wait_for(timeout=15_000)
        hit.locator("a").first.click()
        page.wait_for_url(
            "**/propainter-improving-propagation-and-transformer-for-video-inpainting/**"
        )
        assert "ProPainter" in page.locator("h1").first.inner_text()
        assert errors == []
