"""netlify.toml: the deploy runs our pipeline, and its strict headers do not break the site."""

from __future__ import annotations

import tomllib

import pytest
import yaml

from generator.site.csp import inline_script_hashes
from tests.browser import browser_page, netlify_headers, require_browser, serve_directory
from tests.conftest import ROOT

NETLIFY = ROOT / "netlify.toml"


def load_netlify() -> dict:
    with NETLIFY.open("rb") as handle:
        return tomllib.load(handle)


def test_netlify_builds_with_the_readme_command_into_the_mkdocs_site_dir():
    config = load_netlify()
    readme = (ROOT / "README.md").read_text()
    assert config["build"]["command"] == "make site" and "make site" in readme
    site_dir = yaml.safe_load((ROOT / "mkdocs.yml").read_text())["site_dir"]
    assert config["build"]["publish"] == site_dir == "site"
    assert "python -m generator build" in (ROOT / "Makefile").read_text()


def test_security_headers_are_set_for_every_page():
    rules = dict(netlify_headers(NETLIFY))
    values = rules["/*"]
    assert values["X-Content-Type-Options"] == "nosniff"
    assert (
        values["X-Frame-Options"] == "DENY"
        and "frame-ancestors 'none'" in values["Content-Security-Policy"]
    )
    assert values["Referrer-Policy"] and values["Permissions-Policy"]
    assert "'unsafe-inline'" not in values["Content-Security-Policy"]


def test_csp_allows_every_inline_script_of_a_fresh_build(rich_site):
    _config, site, _result = rich_site
    csp = dict(netlify_headers(NETLIFY))["/*"]["Content-Security-Policy"]
    missing = [h for h in inline_script_hashes(site) if h not in csp]
    assert missing == [], "run `python -m generator csp --write` after building the site"


@pytest.mark.browser
def test_main_pages_and_search_work_under_the_csp(rich_site):
    require_browser()
    _config, site, result = rich_site
    paper = next(p for p in result.catalogue.papers if p.authors)
    paper_path = next(site.glob(f"papers/*/{paper.slug}/index.html")).parent.relative_to(site)
    pages = [
        "",
        "topics/",
        f"topics/{paper.topic}/",
        f"{paper_path.as_posix()}/",
        "tags/",
        "stats/",
    ]
    with serve_directory(site, netlify_headers(NETLIFY)) as url, browser_page() as page:
        violations: list[str] = []
        page.on(
            "console", lambda m: "Content Security Policy" in m.text and violations.append(m.text)
        )
        for path in pages:
            response = page.goto(url + path)
            assert response.headers["x-content-type-options"] == "nosniff"
        page.goto(url)
        page.keyboard.press("/")
        page.keyboard.type("inpainting", delay=20)
        page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
        assert violations == []
