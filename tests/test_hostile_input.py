"""Hostile input: 130 XSS and injection payloads in titles, abstracts, URLs and author
names are shown as typed, never run, never read files, never break the build."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build import build
from generator.ingest.clean import clean_abstract, clean_text
from tests.browser import browser_page, require_browser, serve_directory
from tests.conftest import FIXTURES, make_project

PAYLOADS = [
    line
    for line in (FIXTURES / "xss_payloads.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("%%")
]


def _hostile_listing(path: Path) -> None:
    papers = [
        {
            "title": f"Hostile case {n}: {payload}",
            "abstract": f"Abstract of case {n}. {payload} End of case {n}.",
            "authors": [payload, f"Author {n}"],
            "arxiv_id": f"2401.{n:05d}",
            "published": "2024-01-01",
            "github": payload if payload.startswith(("http", "javascript", "data")) else "",
            "project_page": "javascript:alert(1)" if n % 2 else "data:text/html,<script>x</script>",
        }
        for n, payload in enumerate(PAYLOADS)
    ]
    path.write_text(json.dumps({"papers": papers}, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    config = make_project(tmp)
    _hostile_listing(tmp / "hostile.json")
    result = build([tmp / "hostile.json"], tmp / "site", config)
    return tmp / "site", result


def test_payload_corpus_is_large_enough():
    assert len(PAYLOADS) >= 100


def test_every_hostile_entry_is_on_the_site(hostile_site):
    _site, result = hostile_site
    assert result.report.entries_found == len(PAYLOADS)
    assert len(result.catalogue.papers) == len(PAYLOADS)


class _Urls(HTMLParser):
    """Every URL-bearing attribute of every real element (not text that looks like one)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action", "formaction", "data", "background") and value:
                self.urls.append(value.strip().lower())


def test_no_file_is_read_and_no_unsafe_link_is_made(hostile_site):
    site, _result = hostile_site
    for page in site.rglob("*.html"):
        html = page.read_text()
        assert "root:x:0:0" not in html, page
        parser = _Urls()
        parser.feed(html)
        unsafe = [u for u in parser.urls if u.startswith(("javascript:", "data:", "vbscript:"))]
        assert unsafe == [], page


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.handlers: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.add(tag)
        self.handlers += [f"{tag} {name}" for name, _ in attrs if name.startswith("on")]


def test_no_payload_becomes_an_element(hostile_site):
    site, _result = hostile_site
    forbidden = {"script", "img", "iframe", "svg", "object", "embed", "style", "meta", "form"}
    for page in site.glob("papers/*/*/index.html"):
        html = page.read_text()
        parser = _Elements()
        parser.feed(html[html.index("<article") : html.index("</article>")])
        assert parser.tags & forbidden == set(), page
        assert parser.handlers == [], page


@pytest.mark.browser
def test_hostile_pages_in_chromium_show_text_as_typed_and_run_nothing(hostile_site):
    require_browser()
    site, result = hostile_site
    by_number = {
        int(re.match(r"Hostile case (\d+):", p.title).group(1)): p for p in result.catalogue.papers
    }
    dialogs: list[str] = []
    with serve_directory(site) as url, browser_page() as page:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        checked = 0
        for n, payload in enumerate(PAYLOADS):
            paper = by_number[n]
            path = next(site.glob(f"papers/*/{paper.slug}/index.html")).parent.relative_to(site)
            page.goto(f"{url}{path.as_posix()}/")
            text = page.locator("article").inner_text()
            flat = " ".join(text.split())
            assert " ".join(clean_text(f"Hostile case {n}: {payload}").split()) in flat, n
            assert " ".join(clean_abstract(payload).split()) in flat, n
            assert " ".join(clean_text(payload).split()) in flat, n  # the author name
            assert page.evaluate("window.__xss === undefined"), n
            checked += 1
        # The titles also travel through the search index and Material's result list.
        page.goto(url)
        page.keyboard.press("/")
        page.keyboard.type("Hostile case", delay=10)
        page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
        page.mouse.wheel(0, 4000)
        page.wait_for_timeout(500)
        assert page.evaluate("window.__xss === undefined")
    assert checked == len(PAYLOADS)
    assert dialogs == []
