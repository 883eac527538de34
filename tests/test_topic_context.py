"""Keywords that are ambiguous out of context no longer misfile the bundled papers a
reader checked (issue 15): "manipulation" is not robotics without a robot, and mutual
information is a tool, not self-supervised learning."""

from __future__ import annotations

import pytest

from generator.enrich import enrich
from generator.ingest import ingest_paths
from tests.conftest import LISTINGS


@pytest.fixture(scope="module")
def by_title():
    collection, _ = ingest_paths([LISTINGS])
    papers = list(collection)
    enrich(papers)
    return {p.title: p for p in papers}


def _paper(by_title, start):
    return next(p for title, p in by_title.items() if title.startswith(start))


def test_latent_space_manipulation_is_not_robot_learning(by_title):
    paper = _paper(by_title, "Latent Space Factorisation and Manipulation")
    assert paper.topic != "robot-learning"


def test_mutual_information_feature_selection_is_feature_selection(by_title):
    paper = _paper(by_title, "Estimating Conditional Mutual Information for Dynamic Feature")
    assert paper.topic == "feature-selection"


def test_loss_landscape_is_machine_learning(by_title):
    assert _paper(by_title, "Visualizing the Loss Landscape").area == "cs.LG"


def _filed(title: str, abstract: str) -> str:
    from generator.paper import Paper

    paper = Paper(title, abstract)
    enrich([paper])
    return paper.topic


def test_a_narrower_topic_wins_over_the_broad_language_models_topic():
    topic = _filed(
        "Large language models overthink chain-of-thought sums",
        "Large language models spend thousands of chain-of-thought tokens on 2+3; we cut"
        " long reasoning by half with the same mathematical reasoning accuracy.",
    )
    assert topic == "llm-reasoning"


def test_a_paper_only_about_language_models_stays_under_language_models():
    topic = _filed(
        "What large language models know about idioms",
        "We probe large language models and smaller language models on natural language"
        " idioms in English text.",
    )
    assert topic == "language-models"
