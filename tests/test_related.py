"""Related papers: what makes two papers related, and lists that stay put."""

from __future__ import annotations

import copy

from generator.enrich import enrich
from generator.enrich.keyphrases import key_phrases
from generator.ingest import ingest_paths
from generator.paper import Paper
from tests.conftest import LISTINGS


def related(papers: list[Paper]) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    return {p.title: [(r.slug, r.terms) for r in p.related] for p in papers}


def test_key_phrases_are_runs_of_content_words():
    text = "Video generation with diffusion transformers. Optical flow matters."
    assert key_phrases(text) == [
        "diffusion transformers",
        "optical flow matters",
        "video generation",
    ]


def test_a_shared_phrase_relates_two_papers():
    papers = [
        Paper("Sparse optical flow estimation", "We study optical flow estimation in fog."),
        Paper("Dense optical flow estimation at night", "Optical flow estimation under low light."),
        Paper("Protein folding with graphs", "Graph networks predict protein structure."),
        Paper("Speech synthesis for tonal languages", "A vocoder for Mandarin speech."),
    ]
    enriched = {p.title: p for p in enrich(papers).papers}
    first = enriched["Sparse optical flow estimation"].related
    assert first[0].slug == enriched["Dense optical flow estimation at night"].slug
    assert "optical flow" in first[0].terms


def test_adding_an_unrelated_paper_changes_no_existing_list():
    collection, _ = ingest_paths([LISTINGS])
    papers = list(collection)
    before = related(enrich(copy.deepcopy(papers)).papers)
    stranger = Paper(
        "Crop rotation schedules for alpine farms",
        "We survey how alpine farmers rotate barley, rye and potatoes across decades.",
    )
    after = related(enrich([*copy.deepcopy(papers), stranger]).papers)
    del after[stranger.title]
    mentioned = [t for t, lst in after.items() if any("alpine" in s for s, _ in lst)]
    assert not mentioned and after == before


def test_why_terms_are_readable_words():
    collection, _ = ingest_paths([LISTINGS])
    terms = {t for p in enrich(list(collection)).papers for r in p.related for t in r.terms}
    assert terms and not any(t.startswith(("tag:", "lsa:")) for t in terms)
