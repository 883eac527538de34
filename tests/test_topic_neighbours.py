"""A paper whose topic rests on one passing keyword takes the topic most of its
related papers hold on stronger evidence (enrich/taxonomy.refile_by_neighbours)."""

from __future__ import annotations

from collections import Counter

import pytest

from generator.enrich import TAXONOMY_FILE
from generator.enrich.taxonomy import load_taxonomy, refile_by_neighbours
from generator.paper import Paper, Related


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(TAXONOMY_FILE)


def corpus(weak_topic: str, weak_area: str, neighbour_topics: list[str], weak_score: float):
    """Paper 0 (scored `weak_score` for its topic) and five related papers, each
    scored 8 for its own topic."""
    weak = Paper("Weak", "w", slug="weak", area=weak_area, topic=weak_topic)
    weak.secondary_topics = ["learning-theory"]
    others = [
        Paper(f"N{i}", "n", slug=f"n{i}", area="cs.CV", topic=topic)
        for i, topic in enumerate(neighbour_topics)
    ]
    weak.related = [Related(p.slug, ()) for p in others]
    scores = [Counter({weak_topic: weak_score})] + [Counter({p.topic: 8}) for p in others]
    return [weak, *others], scores


def test_one_passing_keyword_yields_to_the_neighbours_majority(taxonomy):
    neighbours = ["3d-vision"] * 3 + ["diffusion-models", "video-generation"]
    papers, scores = corpus("causality-world-models", "cs.CV", neighbours, 1.0)
    assert refile_by_neighbours(papers, taxonomy, scores) == 1
    assert papers[0].topic == "3d-vision" and papers[0].secondary_topics == []
    assert [p.topic for p in papers[1:]] == neighbours  # strong papers never move


def test_two_votes_of_five_are_not_a_majority(taxonomy):
    neighbours = ["3d-vision"] * 2 + ["diffusion-models"] * 2 + ["video-generation"]
    papers, scores = corpus("causality-world-models", "cs.CV", neighbours, 1.0)
    assert refile_by_neighbours(papers, taxonomy, scores) == 0
    assert papers[0].topic == "causality-world-models"


def test_a_title_hit_is_enough_evidence_to_stay(taxonomy):
    papers, scores = corpus("causality-world-models", "cs.CV", ["3d-vision"] * 5, 4.0)
    assert refile_by_neighbours(papers, taxonomy, scores) == 0


def test_a_topic_closed_to_the_papers_area_is_not_taken(taxonomy):
    assert "cs.CL" not in taxonomy.topics["3d-vision"].areas
    papers, scores = corpus("language-models", "cs.CL", ["3d-vision"] * 5, 1.0)
    assert refile_by_neighbours(papers, taxonomy, scores) == 0
    assert papers[0].topic == "language-models"


def test_weak_neighbours_do_not_vote(taxonomy):
    papers, scores = corpus("causality-world-models", "cs.CV", ["3d-vision"] * 5, 1.0)
    for score in scores[1:4]:
        score["3d-vision"] = 1.0
    assert refile_by_neighbours(papers, taxonomy, scores) == 0
