"""Enrichment gives the same result with its second process as without it."""

from __future__ import annotations

import copy

from generator.enrich import enrich
from generator.forked import Beside
from generator.ingest import ingest_paths
from tests.conftest import FIXTURES, LISTINGS


def summary(papers) -> list[tuple]:
    return [
        (p.slug, p.area, p.topic, tuple(p.secondary_topics), tuple(p.tags),
         tuple((r.slug, r.terms) for r in p.related))
        for p in papers
    ]  # fmt: skip


def test_parallel_enrichment_equals_serial():
    collection, _ = ingest_paths([LISTINGS, FIXTURES / "hf_json_array.json"])
    papers = list(collection)
    serial = enrich(copy.deepcopy(papers), parallel=False).papers
    parallel = enrich(copy.deepcopy(papers), parallel=True).papers
    assert summary(parallel) == summary(serial)
    assert any(p.tags for p in parallel) and any(p.related for p in parallel)


def _fail(message: str) -> None:
    raise ValueError(message)


def test_error_in_second_process_reaches_the_caller():
    side = Beside(_fail, "broken step", parallel=True)
    try:
        side.result()
    except ValueError as exc:
        assert "broken step" in str(exc)
    else:
        raise AssertionError("the error was lost")
