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
