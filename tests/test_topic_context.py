"""Keywords that are ambiguous out of context no longer misfile the bundled papers a
reader checked (issue 15): "manipulation" is not robotics without a robot, and mutual
information is a tool, not self-supervised learning."""

from __future__ import annotations

import pytest

from generator.enrich import enrich
from generator.enrich.phrases import PhraseMatcher, tokens
from generator.enrich.tags import load_vocabulary
from generator.errors import DataFileError
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


def test_a_keyword_with_context_counts_only_beside_its_context():
    matcher = PhraseMatcher([("flow-based", "optical flow", ("video", "motion estimation"))])
    video = tokens("Flow-based frame interpolation for video")
    generative = tokens("A flow-based generative model of images")
    assert matcher.count(video) == {"optical flow": 1}
    assert matcher.count(generative) == {}
    assert matcher.count(generative, tokens("we also estimate motion estimation")) == {
        "optical flow": 1
    }


def test_flow_based_generative_models_are_not_tagged_optical_flow():
    from generator.paper import Paper

    papers = [
        Paper("Analysis of learning a flow-based generative model", "We study normalizing flows."),
        Paper("Flow-based video frame interpolation", "Flow-based warping of video frames."),
        Paper("Flow-based video stabilisation", "We warp shaky video with flow-based motion."),
    ]
    enrich(papers)
    tagged = {p.title: "optical flow" in p.tags for p in papers}
    assert tagged == {
        "Analysis of learning a flow-based generative model": False,
        "Flow-based video frame interpolation": True,
        "Flow-based video stabilisation": True,
    }


def test_style_transfer_by_attention_distillation_is_not_transfer_learning(by_title):
    assert _paper(by_title, "Attention Distillation: A Unified").topic != "transfer-learning"


def test_a_malformed_keyword_context_names_the_file(tmp_path):
    path = tmp_path / "tags.yaml"
    path.write_text("tags:\n  optical flow: [optical flow, {flow-based: video}]\n")
    with pytest.raises(DataFileError, match=r"tags\.yaml.*optical flow.*context"):
        load_vocabulary(path)
