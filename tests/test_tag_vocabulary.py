"""Tags a reader can navigate: acronyms fold into one readable tag, and a tag on more
than a tenth of a large collection is left to the topics."""

from __future__ import annotations

from generator.enrich import TAGS_FILE
from generator.enrich.features import phrase_tokens
from generator.enrich.tags import assign_tags, load_vocabulary
from generator.paper import Paper


def tagged(papers: list[Paper]) -> list[Paper]:
    titles, abstracts = phrase_tokens(papers)
    assign_tags(papers, load_vocabulary(TAGS_FILE), titles, abstracts)
    return papers


def paper(n: int, text: str) -> Paper:
    return Paper(title=f"Study number {n}", abstract=f"We study case {n}. {text}")


def test_acronyms_and_plurals_fold_into_one_readable_tag():
    papers = tagged(
        [
            paper(1, "Our VLMs answer questions about charts."),
            paper(2, "A VLM that reads maps with chain-of-thought."),
            paper(3, "Vision-language models and CoT prompting with SFT."),
            paper(4, "We apply supervised fine-tuning before GRPO."),
            paper(5, "Group relative policy optimization improves the agent."),
        ]
    )
    tags = {t for p in papers for t in p.tags}
    assert "vision-language model" in tags and not tags & {"VLM", "VLMs", "vlm", "vlms"}
    assert {
        "chain-of-thought",
        "supervised fine-tuning",
        "group relative policy optimization",
    } <= tags
    assert not tags & {"CoT", "SFT", "GRPO"}


def test_a_tag_on_over_a_tenth_of_a_large_collection_is_left_to_topics():
    papers = [
        paper(n, "A large language model." if n % 2 else "Diffusion models.") for n in range(1000)
    ]
    tags = {t for p in tagged(papers) for t in p.tags}
    assert "large language model" not in tags and "diffusion model" not in tags


def test_a_small_collection_keeps_its_broad_tags():
    papers = [
        paper(n, "A large language model." if n % 2 else "Diffusion models.") for n in range(200)
    ]
    tags = {t for p in tagged(papers) for t in p.tags}
    assert {"large language model", "diffusion model"} <= tags
