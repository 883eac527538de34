"""Saved HTML pages: the embedded DailyPapers / PaperContent JSON is read like the API's.

The pages are built here the way Hugging Face serves them and public scrapers read
them (RSSHub's route among them): a `SVELTE_HYDRATER` div whose `data-props` is
the HTML-escaped JSON, around real API items from tests/fixtures/hf_api.
"""

from __future__ import annotations

import html
import json
import shutil

import pytest

from generator.ingest import ingest_paths
from tests.hf_server import RECORDED

ITEMS = json.loads((RECORDED / "2026-05-13.json").read_text(encoding="utf-8"))


def page(target: str, props: dict, title: str = "Daily Papers - Hugging Face") -> str:
    blob = html.escape(json.dumps(props), quote=True)
    return (
        f"<!doctype html><html><head><title>{title}</title><script>var x = 1;</script></head>"
        f'<body><header><a href="/models">Models</a></header><main>'
        f'<div class="SVELTE_HYDRATER contents" data-target="{target}" data-props="{blob}">'
        f"<h3>{html.escape(ITEMS[0]['title'])}</h3></div></main></body></html>"
    )


def papers_of(path):
    collection, report = ingest_paths([path])
    return {p.arxiv_id: p for p in collection}, report


def as_json(tmp_path, items, name="items.json"):
    path = tmp_path / "json" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(items), encoding="utf-8")
    return papers_of(path)[0]


def same_papers(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for key in a:
        x, y = a[key], b[key]
        assert (x.title, x.abstract, x.authors, x.upvotes, x.github_repo, x.published) == (
            y.title, y.abstract, y.authors, y.upvotes, y.github_repo, y.published,
        )  # fmt: skip
        assert [s.listing_date for s in x.sources] == [s.listing_date for s in y.sources]


@pytest.mark.parametrize(
    ("shape", "props"),
    [
        ("weekly", {"dailyPapers": ITEMS, "dateString": "2026-W20", "periodType": "week"}),
        ("monthly", {"dailyPapers": ITEMS, "dateString": "2026-05", "periodType": "month"}),
        ("trending", {"dailyPapers": ITEMS}),
        ("search", {"dailyPapers": ITEMS[:5]}),
    ],
)
def test_listing_page_gives_the_papers_of_the_same_items_as_json(tmp_path, shape, props):
    path = tmp_path / f"{shape}.html"
    path.write_text(page("DailyPapers", props), encoding="utf-8")
    papers, report = papers_of(path)
    assert report.files[0].format == "hf-html"
    assert report.entries_found == len(props["dailyPapers"]) and report.entries_rejected == 0
    same_papers(papers, as_json(tmp_path, props["dailyPapers"]))


def test_daily_page_is_listed_on_its_date_string(tmp_path):
    path = tmp_path / "daily.html"
    props = {"dailyPapers": ITEMS, "dateString": "2026-05-13", "periodType": "day"}
    path.write_text(page("DailyPapers", props), encoding="utf-8")
    papers, _ = papers_of(path)
    same_papers(papers, as_json(tmp_path, ITEMS, name="2026-05-13.json"))
    assert {p.sources[0].listing_date for p in papers.values()} == {"2026-05-13"}


def test_paper_page_gives_its_paper(tmp_path):
    path = tmp_path / "paper.htm"
    path.write_text(page("PaperContent", {"paper": ITEMS[2]["paper"]}), encoding="utf-8")
    papers, report = papers_of(path)
    assert list(papers) == [ITEMS[2]["paper"]["id"]]
    assert report.entries_rejected == 0


def test_other_html_page_goes_to_the_page_text_parser(tmp_path):
    entries = "".join(
        f'<h3><a href="/papers/{i["paper"]["id"]}">{html.escape(i["paper"]["title"])}</a></h3>'
        f"<p>{html.escape(i['paper']['summary'])}</p>"
        for i in ITEMS[:3]
    )
    path = tmp_path / "saved.html"
    path.write_text(f"<html><body><nav>Models</nav>{entries}</body></html>", encoding="utf-8")
    papers, report = papers_of(path)
    assert report.files[0].format == "hf-html-text"
    assert sorted(papers) == sorted(i["paper"]["id"] for i in ITEMS[:3])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '<div data-target="DailyPapers" data-props="{&quot;dailyPapers&quot;: [">',
            "not valid JSON",
        ),
        ("<html><body><h1>Log in</h1><form>Username Password</form></body></html>", "no papers"),
        ("<html><body><h1>Example Domain</h1><p>Another site.</p></body></html>", "no papers"),
    ],
)
def test_bad_page_gets_one_line_and_the_rest_still_builds(tmp_path, body, message):
    (tmp_path / "bad.html").write_text(body, encoding="utf-8")
    shutil.copy(RECORDED / "2026-05-12.json", tmp_path / "2026-05-12.json")
    collection, report = ingest_paths([tmp_path])
    bad = next(f for f in report.files if f.file.endswith("bad.html"))
    assert message in bad.error
    assert len(collection) == len(json.loads((RECORDED / "2026-05-12.json").read_text()))


def test_saved_page_assets_folder_is_skipped_and_counted(tmp_path):
    props = {"dailyPapers": ITEMS[:2], "dateString": "2026-05-13", "periodType": "day"}
    (tmp_path / "Daily Papers.html").write_text(page("DailyPapers", props), encoding="utf-8")
    assets = tmp_path / "Daily Papers_files"
    assets.mkdir()
    (assets / "app.js").write_text("console.log(1)")
    (assets / "notes.txt").write_text("Not a listing\nat all")
    collection, report = ingest_paths([tmp_path])
    assert len(collection) == 2
    skipped = next(f for f in report.files if f.file.endswith("Daily Papers_files"))
    assert skipped.format == "skipped" and skipped.skipped["saved-page-assets"] == 2
