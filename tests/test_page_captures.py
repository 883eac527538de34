"""Real captures of HF papers pages saved by other tools parse to exactly their papers."""

from __future__ import annotations

import json

import pytest

from generator.ingest import ingest_paths
from tests.conftest import SHARED_DATA, require_shared

CAPTURES = SHARED_DATA / "hf-page-captures"
NAMES = ["daily-page-flattened-links.txt", "trending-page-html-to-markdown.txt"]


def _truth() -> dict[str, list[str]]:
    return json.loads(require_shared(CAPTURES / "truth.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", NAMES)
def test_capture_gives_exactly_its_true_titles(name):
    titles = _truth()[name]
    collection, report = ingest_paths([require_shared(CAPTURES / name)])
    found = list(dict.fromkeys(entry.title for entry in report.files[0].found))
    assert found == titles
    assert len(collection) == len(titles)
    assert report.entries_rejected == 0


@pytest.mark.parametrize("name", NAMES)
def test_capture_papers_carry_their_arxiv_ids(name):
    collection, _ = ingest_paths([require_shared(CAPTURES / name)])
    assert all(paper.arxiv_id for paper in collection)


def test_capture_furniture_is_counted_by_kind():
    _, report = ingest_paths([require_shared(CAPTURES / NAMES[1])])
    skipped = report.files[0].skipped
    # 100 entry copies in the trending capture: 86 with "Submitted by" and a user line.
    assert skipped["submitted-by"] == 86 and skipped["user"] == 86
    assert skipped["upvotes"] == 100 and skipped["github"] == 100
    assert skipped["image"] > 0 and skipped["html-anchor"] > 0
