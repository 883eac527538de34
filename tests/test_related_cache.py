"""Related-paper candidates kept between builds: the same lists as without them."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from generator.enrich import enrich
from generator.enrich import related as related_module
from generator.ingest import ingest_paths
from generator.paper import Paper
from tests.conftest import LISTINGS


def related(papers: list[Paper]) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    return {p.slug: [(r.slug, r.terms) for r in p.related] for p in papers}


@pytest.fixture(scope="module")
def bundled() -> list[Paper]:
    collection, _ = ingest_paths([LISTINGS])
    return list(collection)


@pytest.fixture
def compared(monkeypatch) -> list[set[int]]:
    """The papers each build compares with every paper (not from the kept file)."""
    calls: list[set[int]] = []
    real = related_module._fresh_candidates

    def spy(space, ids, rank):
        calls[-1].update(ids.tolist())
        return real(space, ids, rank)

    real_relate = related_module.relate_papers

    def relate(*args, **kwargs):
        calls.append(set())
        return real_relate(*args, **kwargs)

    monkeypatch.setattr(related_module, "_fresh_candidates", spy)
    monkeypatch.setattr("generator.enrich.relate_papers", relate)
    return calls


def build(papers: list[Paper], cache_dir=None) -> list[Paper]:
    return enrich(copy.deepcopy(papers), cache_dir=cache_dir).papers


def test_a_rebuild_with_kept_candidates_equals_one_without(bundled, tmp_path):
    first, later = bundled[:230], bundled[230:]
    build(first, tmp_path)
    grown = build(bundled, tmp_path)
    assert related(grown) == related(build(bundled))
    edited = copy.deepcopy(bundled[10:])  # ten papers leave
    for paper in edited[::40]:
        paper.abstract += " We also release a benchmark of robot grasping videos."
    assert related(build(edited, tmp_path)) == related(build(edited))
    assert later and any(p.related for p in grown)


def test_only_new_and_changed_papers_are_compared_with_every_paper(bundled, tmp_path, compared):
    before = build(bundled[:-3], tmp_path)
    after = build(bundled, tmp_path)
    assert len(compared[0]) == len(before)  # nothing kept yet: every paper
    slugs = [p.slug for p in after]
    fresh = {slugs[i] for i in compared[1]}
    tags = {p.slug: p.tags for p in before}
    new = {p.slug for p in after if p.slug not in tags}
    retagged = {p.slug for p in after if p.slug in tags and tags[p.slug] != p.tags}
    assert len(new) == 3 and new <= fresh
    assert len(fresh - new - retagged) <= len(after) // 20  # the few without rare words


def test_tied_candidates_go_by_slug_and_survive_a_rebuild(tmp_path):
    text = "Sparse mixture of experts routing for long video understanding with memory."

    def twins(count: int) -> list[Paper]:
        return [Paper("Twin video experts", text, arxiv_id=f"2501.{i:05d}") for i in range(count)]

    build(twins(60), tmp_path)
    warm = build(twins(75), tmp_path)
    cold = build(twins(75))
    assert related(warm) == related(cold)
    slugs = sorted(p.slug for p in cold)
    for paper in cold:  # every pair scores the same: the first slugs win
        others = [s for s in slugs if s != paper.slug]
        assert [r.slug for r in paper.related] == others[:5]


def test_a_kept_file_from_other_code_or_damaged_is_ignored(bundled, tmp_path, compared):
    build(bundled[:200], tmp_path)
    kept = tmp_path / "papers-related.npz"
    kept.write_bytes(kept.read_bytes()[:5000])
    assert related(build(bundled[:220], tmp_path)) == related(build(bundled[:220]))
    assert len(compared[1]) == 220
    expected = related(build(bundled[:230], tmp_path))
    assert len(compared[3]) < 230
    data = dict(np.load(kept, allow_pickle=False))
    data["version"] = np.frombuffer(b"other code", dtype=np.uint8)
    np.savez(kept, **data)
    assert related(build(bundled[:230], tmp_path)) == expected
    assert len(compared[4]) == 230
