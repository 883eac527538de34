from __future__ import annotations

import json

import pytest

from generator.ingest import ingest_paths
from generator.ingest.read import detect_format
from tests.conftest import FIXTURES, LISTINGS


def ingest(*names: str, fmt: str = "auto"):
    return ingest_paths([FIXTURES / n for n in names], fmt)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("hf_json_array.json", "hf-json"),
        ("hf_json_wrapped.json", "hf-json"),
        ("own_listing.yaml", "listing"),
        ("hf_markdown_headings.md", "hf-text"),
        ("hf_hard_wrapped.txt", "hf-text"),
    ],
)
def test_format_is_detected(name, fmt):
    path = FIXTURES / name
    assert detect_format(path, path.read_text(encoding="utf-8")) == fmt


def test_hf_json_array_keeps_structured_fields():
    collection, report = ingest("hf_json_array.json")
    assert (report.entries_found, report.papers_created, report.entries_rejected) == (3, 3, 0)
    paper = next(iter(collection))
    assert paper.arxiv_id and paper.authors and paper.published
    assert paper.sources[0].kind == "hf-json"
    assert all(p.github_repo.startswith("https://github.com/") for p in collection)


def test_hf_json_wrapped_in_data_object():
    _collection, report = ingest("hf_json_wrapped.json")
    assert (report.entries_found, report.papers_created) == (2, 2)


def test_hf_json_directory_uses_file_name_as_listing_date():
    collection, report = ingest("hf_json_dir")
    assert report.entries_found == 6 and len(report.files) == 2
    dates = {s.listing_date for p in collection for s in p.sources}
    assert dates == {"2024-05-27", "2024-05-28"}


def test_hf_json_titles_have_their_hard_wraps_joined():
    collection, _ = ingest("hf_json_dir")
    assert not any("\n" in p.title or "  " in p.title for p in collection)
    assert any(p.title.startswith("Meteor: Mamba-based Traversal") for p in collection)


def test_same_paper_from_json_and_text_is_merged_and_json_wins(tmp_path):
    record = json.loads((FIXTURES / "hf_json_array.json").read_text())[0]
    text = f"Subscribe\n{record['paper']['title']}\n{record['paper']['summary']}\n"
    (tmp_path / "page.txt").write_text(text)
    collection, report = ingest_paths([tmp_path / "page.txt", FIXTURES / "hf_json_array.json"])
    assert (report.entries_found, report.papers_created, report.duplicates_merged) == (4, 3, 1)
    merged = next(p for p in collection if len(p.sources) == 2)
    assert merged.arxiv_id == record["paper"]["id"]
    assert {s.kind for s in merged.sources} == {"hf-text", "hf-json"}


def test_own_listing_format_rejects_item_without_abstract():
    collection, report = ingest("own_listing.yaml")
    assert (report.entries_found, report.papers_created, report.entries_rejected) == (3, 2, 1)
    assert report.rejections[0].line == 2
    propainter = next(p for p in collection if p.arxiv_id == "2309.03897")
    assert propainter.authors == ["Shangchen Zhou", "Chongyi Li"]
    assert propainter.published == "2023-09-07"
    assert "{" not in propainter.abstract and "\\" not in propainter.abstract


def test_format_option_overrides_detection():
    _collection, report = ingest("hf_markdown_headings.md", fmt="hf-json")
    assert report.files[0].error.startswith("invalid JSON at line 1")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "empty file"),
        ("binary.txt", "binary file, not a text listing"),
        ("truncated.json", "invalid JSON at line 1, column 63: Unterminated string starting"),
        ("only_chrome.txt", "no papers found (only page chrome or metadata)"),
    ],
)
def test_bad_file_gets_a_clear_message(name, message):
    _collection, report = ingest(name)
    assert report.files[0].error.startswith(message), report.files[0].error
    assert report.has_problems


@pytest.mark.parametrize("name", ["utf16.txt", "latin1.txt"])
def test_non_utf8_text_is_decoded_with_a_warning(name):
    collection, report = ingest(name)
    assert len(collection) == 1
    assert next(iter(collection)).title == "Na\u00efve Bayes Revisited for H\u00f6lder Spaces"
    assert report.warnings and "UTF" in report.warnings[0]


def test_title_without_abstract_at_end_is_rejected_with_its_line():
    _collection, report = ingest("title_without_abstract_at_end.txt")
    (rejection,) = report.rejections
    assert rejection.line == 9
    assert str(rejection) == (
        "tests/fixtures/title_without_abstract_at_end.txt:9: "
        "title with no abstract: 'A Title With No Abstract'"
    )


def test_one_megabyte_single_line_is_rejected_not_parsed_as_a_paper(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("word " * 210_000)
    collection, report = ingest_paths([path])
    assert len(collection) == 0
    assert report.rejections[0].reason.startswith("text with no title before it")


def test_directory_with_unrelated_files_builds_the_listing():
    collection, report = ingest("dir_with_unrelated")
    assert len(collection) == 1
    skipped = [w for w in report.warnings if "not a listing file" in w]
    assert len(skipped) == 2


def test_accounting_identity_holds_on_every_fixture():
    _collection, report = ingest_paths([FIXTURES, LISTINGS])
    found = report.papers_created + report.duplicates_merged + report.entries_rejected
    assert report.entries_found == found
    for f in report.files:
        assert f.entries_found == f.papers_created + f.duplicates_merged + f.entries_rejected
