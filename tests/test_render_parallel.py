"""Rendering pages in two forked workers gives the same pages as rendering inline."""

from __future__ import annotations

import time

from generator.enrich import enrich
from generator.forked import WORKERS, iter_chunks, map_chunks
from generator.ingest import ingest_paths
from generator.render.pages import PageRenderer, SiteInfo
from tests.conftest import FIXTURES, LISTINGS


def test_parallel_render_equals_serial():
    collection, report = ingest_paths([LISTINGS, FIXTURES / "hf_json_array.json"])
    cat = enrich(list(collection))
    site = SiteInfo("Atlas", "Papers")
    serial = PageRenderer(cat, report, site).render_all(parallel=False)
    parallel = PageRenderer(cat, report, site).render_all(parallel=True)
    assert list(parallel) == list(serial)  # same pages in the same order
    assert parallel == serial


def _lengths(chunk):
    return [len(s) for s in chunk]


def test_map_chunks_keeps_order_and_covers_every_item():
    items = [f"item-{i}" * (i % 7) for i in range(101)]
    chunks = map_chunks(_lengths, items, 8, parallel=True)
    assert [n for chunk in chunks for n in chunk] == [len(s) for s in items]


def test_iter_chunks_keeps_few_chunks_ahead_of_a_slow_reader(tmp_path):
    def mark(chunk):
        (tmp_path / f"started-{chunk[0]:03d}").touch()
        return list(chunk)

    ahead = []
    for number, chunk in enumerate(iter_chunks(mark, list(range(12)), 12, parallel=True)):
        assert chunk == [number]
        time.sleep(0.2)  # a reader slower than the workers
        ahead.append(len(list(tmp_path.iterdir())) - number - 1)
    assert max(ahead) <= WORKERS + 1  # in flight, besides the chunk being read
