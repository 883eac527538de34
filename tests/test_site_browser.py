"""The reader's journey through the built site, in Chromium, with screenshots."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.a11y import serious_violations
from tests.browser import browser_page, require_browser, serve_directory

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


class Watcher:
    """Collects console errors and failed requests for the whole journey."""

    def __init__(self, page) -> None:
        self.problems: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        page.on("requestfailed", self._failed)
        page.on(
            "response", lambda r: r.status >= 400 and self.problems.append(f"{r.status}: {r.url}")
        )

    def _failed(self, request) -> None:
        # Leaving a page cancels its pending requests (search worker, index): not a failure.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"failed: {request.url} ({request.failure})")


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(("width", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_journey_home_area_topic_paper_tag_related_and_back(rich_site, width, viewport):
    require_browser()
    _config, site, _result = rich_site
    with serve_directory(site) as url, browser_page(viewport) as page:
        watch = Watcher(page)
        page.goto(url)
        shoot(page, f"{width}-1-home")
        page.locator(".ps-card h3 a").first.click()  # an area
        page.wait_for_load_state()
        assert "/areas/" in page.url
        shoot(page, f"{width}-2-area")
        page.locator("article h2#topics + ul a").first.click()  # a topic of that area
        assert "/topics/" in page.url
        shoot(page, f"{width}-3-topic")
        page.locator("article li strong a").first.click()  # a paper
        assert "/papers/" in page.url
        paper_title = page.locator("h1").inner_text()
        shoot(page, f"{width}-4-paper")
        page.locator("a.ps-chip").first.click()  # one of its tags
        assert "/tags/" in page.url
        shoot(page, f"{width}-5-tag")
        page.locator("article li strong a").first.click()  # a paper with that tag
        page.locator("h2#related-papers + ul a").first.click()  # its first related paper
        assert "/papers/" in page.url
        shoot(page, f"{width}-6-related")
        page.go_back()
        page.go_back()
        page.go_back()
        assert page.locator("h1").inner_text() == paper_title
        assert watch.problems == [], "\n".join(watch.problems)


def test_no_serious_accessibility_violations(rich_site):
    require_browser()
    _config, site, result = rich_site
    paper = next(p for p in result.catalogue.papers if p.authors)
    topic = paper.topic
    paper_url = next(site.glob(f"papers/*/{paper.slug}/index.html")).parent.relative_to(site)
    with serve_directory(site) as url, browser_page(DESKTOP) as page:
        for path in ["", f"topics/{topic}/", f"{paper_url.as_posix()}/"]:
            page.goto(url + path)
            assert serious_violations(page) == [], (path, serious_violations(page))


def test_keyboard_slash_focuses_search_and_tab_reaches_links(rich_site):
    require_browser()
    _config, site, _result = rich_site
    with serve_directory(site) as url, browser_page(DESKTOP) as page:
        page.goto(url)
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
        page.keyboard.press("Escape")
        page.goto(url + "tags/")
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('ps-chip')"):
                break
        else:
            pytest.fail("Tab never reached a tag chip")
        page.keyboard.press("Enter")
        page.wait_for_url("**/tags/*/")
