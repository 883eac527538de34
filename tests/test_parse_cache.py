"""Parsed listings kept between builds (ingest/parse_cache.py) equal a fresh parse."""

from __future__ import annotations

import shutil
from dataclasses import asdict

from generator.ingest import ingest_paths
from tests.conftest import FIXTURES, LISTINGS


def snapshot(paths, cache_dir=None) -> tuple[list[dict], dict]:
    collection, report = ingest_paths(paths, cache_dir=cache_dir)
    return [asdict(p) for p in collection], report.to_dict()


def test_stored_parse_equals_a_fresh_parse(tmp_path):
    inputs = [LISTINGS, FIXTURES]  # every format, rejected entries, warnings, file errors
    fresh = snapshot(inputs)
    assert snapshot(inputs, tmp_path / "cache") == fresh  # parsed and stored
    stored = len(list((tmp_path / "cache").iterdir()))
    assert stored > 10
    assert snapshot(inputs, tmp_path / "cache") == fresh  # read back
    assert len(list((tmp_path / "cache").iterdir())) == stored


def test_stored_parse_is_used(tmp_path, monkeypatch):
    fresh = snapshot([LISTINGS], tmp_path / "cache")
    monkeypatch.setattr("generator.ingest.read.parse_file", lambda *a: 1 / 0)
    assert snapshot([LISTINGS], tmp_path / "cache") == fresh


def test_edited_listing_is_parsed_again_and_its_old_entry_deleted(tmp_path):
    listing = tmp_path / "listings" / "own.yaml"
    listing.parent.mkdir()
    shutil.copy(FIXTURES / "own_listing.yaml", listing)
    cache = tmp_path / "cache"
    before = snapshot([listing.parent], cache)
    listing.write_text(listing.read_text().replace("title:", "title: Edited", 1))
    after = snapshot([listing.parent], cache)
    assert after != before
    assert after == snapshot([listing.parent])
    assert len(list(cache.iterdir())) == 1
