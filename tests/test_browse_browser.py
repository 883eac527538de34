"""The daily reader's journey in Chromium: home → by date → a day → a paper → its
author's entry → another paper by that author, at desktop and phone widths."""

from __future__ import annotations

import pytest

from generator.build import build
from generator.enrich.timeline import listing_days
from tests.browser import browser_page, require_browser, serve_directory
from tests.conftest import LISTINGS, ROOT, make_project
from tests.test_site_browser import DESKTOP, PHONE, Watcher, shoot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def daily_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("daily-site")
    config = make_project(tmp)
    result = build([LISTINGS, ROOT / "tests" / "fixtures" / "hf_api"], tmp / "site", config)
    return tmp / "site", result


def _author_with_a_dated_paper(catalogue):
    for author in catalogue.authors.authors.values():
        for paper in author.papers:
            if listing_days(paper):
                return author, paper, listing_days(paper)[0]
    raise AssertionError("no author with two papers and a listing day")


@pytest.mark.parametrize(("width", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_journey_by_date_to_an_author_and_their_other_paper(daily_site, width, viewport):
    require_browser()
    site, result = daily_site
    author, paper, day = _author_with_a_dated_paper(result.catalogue)
    with serve_directory(site) as url, browser_page(viewport) as page:
        watch = Watcher(page)
        page.goto(url)
        page.locator("article a", has_text="by date").first.click()
        assert page.url.endswith("/date/")
        shoot(page, f"{width}-date-1-calendar")
        page.locator(f"article table a[href*='{day}']").first.click()
        assert f"/date/{day}/" in page.url
        shoot(page, f"{width}-date-2-day")
        page.locator("article li strong a", has_text=paper.title).first.click()
        assert "/papers/" in page.url and page.locator("h1").inner_text().startswith(paper.title)
        shoot(page, f"{width}-date-3-paper")
        page.locator(".ps-meta a", has_text=author.name).first.click()
        assert f"/authors/{author.page}/" in page.url and page.url.endswith(f"#{author.anchor}")
        shoot(page, f"{width}-date-4-author")
        others = page.locator(f"h3#{author.anchor} + ul a")
        target = next(
            others.nth(i)
            for i in range(others.count())
            if others.nth(i).inner_text() != paper.title
        )
        other_title = target.inner_text()
        target.click()
        assert "/papers/" in page.url and page.locator("h1").inner_text().startswith(other_title)
        assert watch.problems == []


def test_stats_chart_labels_are_not_clipped(daily_site):
    require_browser()
    site, _ = daily_site
    charts = sorted((site / "stats").rglob("*.svg"))
    assert charts
    with serve_directory(site) as url, browser_page() as page:
        for chart in charts:
            page.goto(f"{url}/{chart.relative_to(site).as_posix()}")
            lefts = page.evaluate("[...document.querySelectorAll('text')].map(t => t.getBBox().x)")
            assert lefts and min(lefts) >= 0, chart.name
