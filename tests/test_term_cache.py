"""Each paper's word and bigram counts kept between builds (enrich/term_cache.py)."""

from __future__ import annotations

import copy

import numpy as np

from generator.enrich.areas import analyze, paper_text
from generator.enrich.features import extract_features
from generator.enrich.term_cache import TermCache, assemble
from generator.enrich.text_cache import text_key
from generator.ingest import ingest_paths
from tests.conftest import FIXTURES, LISTINGS


def papers_of(*paths):
    collection, _ = ingest_paths(list(paths))
    return sorted(collection, key=lambda p: p.title)


def same_features(a, b) -> bool:
    return (
        list(a.terms) == list(b.terms)
        and a.vocabulary == b.vocabulary
        and a.counts.shape == b.counts.shape
        and (a.counts != b.counts).nnz == 0
        and np.array_equal(a.counts.indices, b.counts.indices)
    )


def counting(papers):
    calls = []

    def analyse(i):
        calls.append(i)
        return analyze(paper_text(papers[i].title, papers[i].abstract))

    return analyse, calls


def test_features_from_stored_counts_equal_features_from_scratch(tmp_path):
    cache = TermCache(tmp_path / "terms.npz")
    first = papers_of(LISTINGS)
    more = papers_of(LISTINGS, FIXTURES / "hf_json_array.json")
    edited = copy.deepcopy(more)
    edited[3].abstract += " A sentence about quantum annealing schedules."
    extract_features(first, cache)  # stores the first papers
    for papers in (more, edited, first[::-1]):
        assert same_features(extract_features(papers, cache), extract_features(papers))


def test_only_papers_the_cache_lacks_are_tokenised(tmp_path):
    cache = TermCache(tmp_path / "terms.npz")
    papers = papers_of(LISTINGS)
    keys = [text_key(p) for p in papers]
    analyse, calls = counting(papers)
    assemble(keys, analyse, cache)
    assert len(calls) == len(papers)
    papers[0].abstract += " Nothing like this was said before."
    keys[0] = text_key(papers[0])
    analyse, calls = counting(papers)
    assemble(keys, analyse, cache)
    assert calls == [0]


def test_the_cache_holds_only_this_builds_papers(tmp_path):
    cache = TermCache(tmp_path / "terms.npz")
    extract_features(papers_of(LISTINGS, FIXTURES / "hf_json_array.json"), cache)
    few = papers_of(LISTINGS)[:5]
    extract_features(few, cache)
    stored = cache.load()
    assert len(stored.keys) == 5
    assert len(stored.table) == len(extract_features(few).terms)


def test_counts_of_other_code_or_a_damaged_file_are_ignored(tmp_path):
    papers = papers_of(LISTINGS)
    path = tmp_path / "terms.npz"
    extract_features(papers, TermCache(path))
    other = TermCache(path)
    other.version = "other code"
    assert other.load().keys == {}
    path.write_bytes(path.read_bytes()[:100])
    assert same_features(extract_features(papers, TermCache(path)), extract_features(papers))
    assert len(TermCache(path).load().keys) == len({text_key(p) for p in papers})


def test_columns_are_in_term_order_with_or_without_the_cache(tmp_path):
    papers = papers_of(LISTINGS)
    cache = TermCache(tmp_path / "terms.npz")
    extract_features(papers[:40], cache)
    for features in (extract_features(papers), extract_features(papers, cache)):
        assert list(features.terms) == sorted(features.terms)
    stored = cache.load()
    rows = [stored.ids[a:b] for a, b in zip(stored.indptr[:-1], stored.indptr[1:], strict=True)]
    assert all((np.diff(row) > 0).all() for row in rows)  # each row stored in column order
