"""The offline build: opened from disk, navigation and search work, nothing leaves file://."""

from __future__ import annotations

import zipfile

import pytest

from generator.build import build
from tests.browser import browser_page, require_browser, search_material_and_open_propainter
from tests.conftest import LISTINGS, make_project

pytestmark = pytest.mark.browser
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("offline")
    config = make_project(tmp)
    build([LISTINGS], tmp / "site-offline", config, offline=True)
    return tmp / "site-offline"


def test_offline_build_writes_a_zip_of_the_folder(offline_site):
    with zipfile.ZipFile(offline_site.with_suffix(".zip")) as archive:
        names = set(archive.namelist())
    assert "index.html" in names and "search/search_index.js" in names
    assert len([n for n in names if n.startswith("papers/")]) >= 296


def test_offline_pages_reference_nothing_outside_the_site(offline_site):
    for page in [offline_site / "index.html", *list(offline_site.glob("papers/*/*.html"))[:20]]:
        html = page.read_text()
        assert "unpkg.com" not in html and "fonts.googleapis" not in html
        assert 'src="http' not in html and 'rel="stylesheet" href="http' not in html


def test_offline_search_and_navigation_from_file_url(offline_site):
    require_browser()
    requests: list[str] = []
    with browser_page() as page:
        page.on("request", lambda r: requests.append(r.url))
        page.goto((offline_site / "index.html").as_uri())
        page.locator(".md-tabs__link", has_text="Topics").click()
        assert page.url.endswith("topics/index.html")
        page.go_back()
        search_material_and_open_propainter(page)
        assert page.url.split("?")[0].endswith(".html")
        page.locator("a.ps-chip").first.click()
        assert "/tags/" in page.url and page.url.startswith("file://")
    leaving = [u for u in requests if not u.startswith(LOCAL_SCHEMES)]
    assert leaving == [] and len(requests) > 10


def test_two_offline_builds_in_one_process(tmp_path):
    # MkDocs validation used to mutate the shared offline overrides: the second failed.
    config = make_project(tmp_path)
    for name in ("a", "b"):
        build([LISTINGS / "001_ac01da98ba08a18f.txt"], tmp_path / name, config, offline=True)
        assert (tmp_path / name / "search" / "search_index.js").is_file()
