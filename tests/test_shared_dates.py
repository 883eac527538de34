"""On the shared HF JSON (576 day files): each day in the timeline holds exactly the
distinct papers of its file. Reads ../shared, so it skips where that is absent."""

from __future__ import annotations

import json

from generator.enrich.timeline import build_timeline
from generator.ingest import ingest_paths
from generator.slugs import assign_slugs
from tests.conftest import SHARED_DATA, require_shared


def test_shared_days_hold_exactly_their_files_papers():
    folder = require_shared(SHARED_DATA / "hf-daily-papers")
    collection, _ = ingest_paths([folder])
    papers = list(collection)
    assign_slugs(papers)
    timeline = build_timeline(papers)
    expected = {
        p.stem: {item["paper"]["id"] for item in json.loads(p.read_text())}
        for p in sorted(folder.glob("*.json"))
    }
    got = {day: {p.arxiv_id for p in ps} for day, ps in timeline.days.items()}
    assert got == {day: ids for day, ids in expected.items() if ids}
    assert timeline.undated == []
