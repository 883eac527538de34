"""Each paper's text analysis kept between builds (enrich/text_cache.py)."""

from __future__ import annotations

import copy
import json

from generator.enrich import enrich
from generator.ingest import ingest_paths
from tests.conftest import FIXTURES, LISTINGS
from tests.test_enrich_parallel import summary


def papers_of(*paths):
    collection, _ = ingest_paths(list(paths))
    return list(collection)


def test_enrichment_from_stored_entries_equals_enrichment_from_scratch(tmp_path):
    first, more = papers_of(LISTINGS), papers_of(LISTINGS, FIXTURES / "hf_json_array.json")
    scratch = summary(enrich(copy.deepcopy(more), parallel=False).papers)
    enrich(copy.deepcopy(first), parallel=False, cache_dir=tmp_path)  # stores the first papers
    assert (
        summary(enrich(copy.deepcopy(more), parallel=False, cache_dir=tmp_path).papers) == scratch
    )
    assert summary(enrich(copy.deepcopy(more), parallel=True, cache_dir=tmp_path).papers) == scratch


def test_stored_entries_are_used_and_hold_only_this_builds_papers(tmp_path):
    more = papers_of(LISTINGS, FIXTURES / "hf_json_array.json")
    enrich(copy.deepcopy(more), parallel=False, cache_dir=tmp_path)
    stored = json.loads((tmp_path / "papers-text.json").read_text())
    key, (ranked, names, scores, phrases) = next(iter(stored["papers"].items()))
    stored["papers"][key] = [["planted-tag", *ranked], names, scores, phrases]
    (tmp_path / "papers-text.json").write_text(json.dumps(stored))
    enrich(copy.deepcopy(more), parallel=False, cache_dir=tmp_path)  # the planted entry is read
    assert (
        "planted-tag" in json.loads((tmp_path / "papers-text.json").read_text())["papers"][key][0]
    )
    first = papers_of(LISTINGS)
    enrich(copy.deepcopy(first), parallel=False, cache_dir=tmp_path)
    assert len(json.loads((tmp_path / "papers-text.json").read_text())["papers"]) == len(
        {(p.title, p.abstract, tuple(p.keywords)) for p in first}
    )


def test_entries_of_other_code_or_data_are_ignored(tmp_path):
    papers = papers_of(LISTINGS)
    scratch = summary(enrich(copy.deepcopy(papers), parallel=False).papers)
    (tmp_path / "papers-text.json").write_text(json.dumps({"version": "old", "papers": {}}))
    assert (
        summary(enrich(copy.deepcopy(papers), parallel=False, cache_dir=tmp_path).papers) == scratch
    )
    assert json.loads((tmp_path / "papers-text.json").read_text())["version"] != "old"
