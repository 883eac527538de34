"""Related papers: what makes two papers related, and lists that stay put."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from scipy.sparse import csr_matrix

from generator.enrich import enrich
from generator.enrich import related as related_module
from generator.enrich.features import extract_features
from generator.enrich.keyphrase_training import fit
from generator.enrich.keyphrases import PhraseWeights, key_phrases, paper_phrases
from generator.enrich.related import _fresh_candidates, _Space, sparse_vectors
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


def test_key_phrases_keep_filler_words_inside_a_phrase():
    text = "We propose a novel framework: large language models learn by reinforcement learning."
    phrases = key_phrases(text)
    assert "large language models" in phrases and "reinforcement learning" in phrases
    assert not any(p.startswith(("propose", "novel")) for p in phrases)


def test_a_weightier_shared_phrase_decides_the_neighbour():
    papers = [
        Paper("Zorbic flenning meets quaxil morptane", "On zorbic flenning and quaxil morptane."),
        Paper("Zorbic flenning", "A study of zorbic flenning."),
        Paper("Quaxil morptane", "A study of quaxil morptane."),
    ]  # made-up words: each weighs the same as a word, so only the phrase weights differ
    for heavy, light in (
        ("zorbic flenning", "quaxil morptane"),
        ("quaxil morptane", "zorbic flenning"),
    ):
        weights = PhraseWeights(0.1, {heavy: 1.0, light: 0.1})
        found = {p.title: p for p in enrich(copy.deepcopy(papers), phrase_weights=weights).papers}
        nearest = found["Zorbic flenning meets quaxil morptane"].related[0].slug
        assert found[heavy.capitalize()].slug == nearest


def test_phrase_weights_survive_a_round_trip(tmp_path):
    weights = PhraseWeights(0.35, {"video generation": 0.6, "optical flow": 0.2})
    weights.dump(tmp_path / "w.tsv.gz")
    assert PhraseWeights.load(tmp_path / "w.tsv.gz") == weights
    assert weights.weight("unknown phrase") == 0.35


def test_a_malformed_phrase_weight_names_its_line(tmp_path):
    import gzip

    (tmp_path / "w.tsv.gz").write_bytes(gzip.compress(b"# default\t0.3\nvideo\tmuch\n"))
    with pytest.raises(ValueError, match=r"w\.tsv\.gz:2"):
        PhraseWeights.load(tmp_path / "w.tsv.gz")


def test_phrase_weights_are_the_smoothed_keyword_share():
    papers = [Paper("Video generation", "Video generation."), Paper("Video generation", "x")]
    for i, p in enumerate(papers):
        p.arxiv_id = f"2401.0000{i}"
    keywords = {"2401.00000": {"video generation"}, "2401.00001": set()}
    weights = fit(papers, keywords, smoothing=1.0, power=1.0)
    # seen twice, a keyword once; the overall share is 1/2: (1 + 1 x 0.5) / (2 + 1)
    assert weights.weight("video generation") == pytest.approx(0.5)
    assert weights.default == 0.5


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


def test_candidate_scores_are_whole_vector_dot_products():
    collection, _ = ingest_paths([LISTINGS])
    papers = enrich(list(collection)).papers
    features = extract_features(papers)
    matrix, _, common = sparse_vectors(papers, features, None, paper_phrases(papers))
    common[: len(common) // 3] = True  # a third of the columns count as common words
    found = candidates(matrix, common)
    rows, columns = found.rows, found.columns
    whole = np.asarray(matrix[rows].multiply(matrix[columns]).sum(axis=1)).ravel()
    assert np.allclose(found.scores / 100, np.round(whole, 2), atol=0.011)
    assert len(rows) and not np.any(rows == columns)


def test_papers_sharing_only_common_words_still_find_each_other():
    matrix = csr_matrix(np.array([[0.6, 0.8, 0.0], [0.6, 0.0, 0.8], [0.0, 0.0, 0.0]]))
    common = np.array([True, False, False])  # column 0 is the only one rows 0 and 1 share
    found = candidates(matrix, common)
    pairs = zip(found.rows.tolist(), found.columns.tolist(), strict=True)
    assert dict(zip(pairs, found.scores.tolist(), strict=True)) == {(0, 1): 36, (1, 0): 36}


def candidates(matrix, common):
    n = matrix.shape[0]
    return _fresh_candidates(_Space(matrix.tocsr(), common, None), np.arange(n), np.arange(n))


def test_scores_and_terms_do_not_depend_on_the_chunk_or_block_sizes(monkeypatch):
    collection, _ = ingest_paths([LISTINGS])
    papers = list(collection)
    whole = related(enrich(copy.deepcopy(papers)).papers)
    monkeypatch.setattr(related_module, "PAIR_CHUNK", 7)  # bounded memory, same lists
    monkeypatch.setattr(related_module, "WHY_CHUNK", 5)
    monkeypatch.setattr(related_module, "BLOCK", 16)  # many sparse_dot_topn blocks
    assert related(enrich(copy.deepcopy(papers)).papers) == whole
