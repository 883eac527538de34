from __future__ import annotations

from pathlib import Path

import pytest

from generator.ingest import ingest_paths
from generator.ingest.hf_text import parse_hf_page_text
from generator.ingest.report import FileReport
from tests.conftest import FIXTURES, LISTINGS

LISTING_A = LISTINGS / "000_2330d60cc52b9a08.txt"
LISTING_B = LISTINGS / "001_ac01da98ba08a18f.txt"
CHROME = {
    "Get trending papers in your email inbox once a day!",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "new",
    "byAK and the research community",
    "Mar 14",
}


def parse(path: Path) -> tuple[list, FileReport]:
    report = FileReport(path.name)
    return parse_hf_page_text(path.read_text(encoding="utf-8"), path.name, report), report


@pytest.mark.parametrize(("path", "entries"), [(LISTING_A, 231), (LISTING_B, 72)])
def test_bundled_listing_entry_counts(path, entries):
    papers, report = parse(path)
    assert len(papers) == entries
    assert report.rejected == []


def test_bundled_listings_merge_to_296_papers():
    collection, report = ingest_paths([LISTINGS])
    assert (report.entries_found, report.papers_created, report.duplicates_merged) == (303, 296, 7)
    assert len(collection) == 296
    assert report.entries_rejected == 0


def test_subscribe_glued_to_first_title_is_removed():
    papers, report = parse(LISTING_A)
    assert papers[0].title == (
        "Cascaded Sparse Feature Propagation Network for Interactive Segmentation"
    )
    assert papers[0].sources[0].line == 3
    assert report.skipped["glued-chrome"] == 1


def test_no_header_chrome_becomes_a_paper():
    collection, _ = ingest_paths([LISTINGS])
    titles = {p.title for p in collection}
    assert not titles & CHROME
    assert not any(t.startswith("Subscribe") for t in titles)


def test_listing_date_is_kept_as_provenance():
    papers, _ = parse(LISTING_B)
    assert papers[0].title.startswith("CrossVideoMAE")
    assert papers[0].sources[0].listing_date == "Mar 14"


def test_doubled_url_becomes_one_link():
    papers, _ = parse(LISTING_A)
    assert papers[0].links == ["https://github.com/kleinzcy/CSFPN"]
    assert "{https" not in papers[0].abstract


def test_merged_paper_records_both_sources():
    collection, _ = ingest_paths([LISTINGS])
    both = [p for p in collection if len({s.file for s in p.sources}) == 2]
    assert len(both) == 7


@pytest.mark.parametrize(
    ("fixture", "titles", "rejected"),
    [
        ("hf_markdown_headings.md", 2, 0),
        ("hf_hard_wrapped.txt", 2, 0),
        ("hf_with_metadata.txt", 2, 0),
        ("title_without_abstract_at_end.txt", 1, 1),
        ("only_chrome.txt", 0, 0),
    ],
)
def test_page_shapes(fixture, titles, rejected):
    papers, report = parse(FIXTURES / fixture)
    assert len(papers) == titles
    assert len(report.rejected) == rejected
