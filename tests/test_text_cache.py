"""Each paper's text analysis kept between builds (enrich/text_cache.py)."""

from __future__ import annotations

import copy
import json
import pickle

import numpy as np

from generator.enrich import enrich
from generator.enrich.keyphrases import PhraseTable
from generator.enrich.npz_store import blob, text
from generator.ingest import ingest_paths
from tests.conftest import FIXTURES, LISTINGS
from tests.test_enrich_parallel import summary

STORE = "papers-text.npz"


def papers_of(*paths):
    collection, _ = ingest_paths(list(paths))
    return list(collection)


def stored_analyses(path) -> dict[str, list]:
    with np.load(path) as data:
        keys = text(data["keys"]).split("\n")
        return dict(zip(keys, json.loads(text(data["analyses"])), strict=True))


def test_enrichment_from_stored_entries_equals_enrichment_from_scratch(tmp_path):
    first, more = papers_of(LISTINGS), papers_of(LISTINGS, FIXTURES / "hf_json_array.json")
    scratch = summary(enrich(copy.deepcopy(more), parallel=False).papers)
    enrich(copy.deepcopy(first), parallel=False, cache_dir=tmp_path)  # stores the first papers
    assert (
        summary(enrich(copy.deepcopy(more), parallel=False, cache_dir=tmp_path).papers) == scratch
    )
    assert summary(enrich(copy.deepcopy(more), parallel=True, cache_dir=tmp_path).papers) == scratch
    assert summary(enrich(copy.deepcopy(first), parallel=True, cache_dir=tmp_path).papers) == (
        summary(enrich(copy.deepcopy(first), parallel=False).papers)
    )


def test_stored_entries_are_used_and_hold_only_this_builds_papers(tmp_path):
    more = papers_of(LISTINGS, FIXTURES / "hf_json_array.json")
    enrich(copy.deepcopy(more), parallel=False, cache_dir=tmp_path)
    path = tmp_path / STORE
    with np.load(path) as data:
        arrays = dict(data)
    keys = text(arrays["keys"]).split("\n")
    analyses = json.loads(text(arrays["analyses"]))
    analyses[0][0].insert(0, "planted-tag")
    arrays["analyses"] = blob(json.dumps(analyses))
    np.savez(path, **arrays)
    enrich(copy.deepcopy(more), parallel=False, cache_dir=tmp_path)  # the planted entry is read
    assert "planted-tag" in stored_analyses(path)[keys[0]][0]
    first = papers_of(LISTINGS)
    enrich(copy.deepcopy(first), parallel=False, cache_dir=tmp_path)
    assert len(stored_analyses(path)) == len(
        {(p.title, p.abstract, tuple(p.keywords)) for p in first}
    )
    with np.load(path) as data:  # no phrase of the papers that left
        used = PhraseTable(text(data["phrases"]).split("\n"), data["indptr"], data["ids"])
    assert len(set(used.ids.tolist())) == len(used.terms) == len(set(used.terms))


def test_entries_of_other_code_or_data_are_ignored(tmp_path):
    papers = papers_of(LISTINGS)
    scratch = summary(enrich(copy.deepcopy(papers), parallel=False).papers)
    np.savez(tmp_path / STORE, version=blob("old"))
    (tmp_path / "papers-text.json").write_text("{}")  # the store's earlier form
    assert (
        summary(enrich(copy.deepcopy(papers), parallel=False, cache_dir=tmp_path).papers) == scratch
    )
    with np.load(tmp_path / STORE) as data:
        assert text(data["version"]) != "old"
    assert not (tmp_path / "papers-text.json").exists()


def test_a_damaged_store_is_ignored(tmp_path):
    papers = papers_of(LISTINGS)
    scratch = summary(enrich(copy.deepcopy(papers), parallel=False).papers)
    enrich(copy.deepcopy(papers), parallel=False, cache_dir=tmp_path)
    (tmp_path / STORE).write_bytes((tmp_path / STORE).read_bytes()[:1000])
    assert (
        summary(enrich(copy.deepcopy(papers), parallel=False, cache_dir=tmp_path).papers) == scratch
    )


def test_phrase_table_holds_the_counts_in_term_order():
    rows = [["b c", "a b"], [], ["a b", "a b", "z z"], ["c d"]]
    table = PhraseTable.from_lists(rows)
    assert table.terms == ["a b", "b c", "c d", "z z"]
    assert table.counts().toarray().tolist() == [[1, 1, 0, 0], [0] * 4, [2, 0, 0, 1], [0, 0, 1, 0]]
    assert [[table.terms[i] for i in table.row(r)] for r in range(4)] == rows


def test_compact_drops_unused_phrases_and_renumbers():
    table = PhraseTable.compact(["z", "unused", "a", "m"], [[0, 2], [3], []])
    assert table.terms == ["a", "m", "z"]
    assert [table.row(r).tolist() for r in range(3)] == [[2, 0], [1], []]


def test_phrase_table_survives_pickling():
    table = PhraseTable.from_lists([["a b", "c d"], ["c d"]])
    back = pickle.loads(pickle.dumps(table))
    assert back.terms == table.terms and (back.counts() != table.counts()).nnz == 0
    empty = pickle.loads(pickle.dumps(PhraseTable.from_lists([[]])))
    assert empty.terms == [] and empty.counts().shape == (1, 0)
