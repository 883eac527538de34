"""The shipped models were fitted without any dev-labelled paper: their recorded
training ids never meet arxiv-labels-dev.jsonl. Reads ../shared (skips without it)."""

from __future__ import annotations

import gzip
import json

import pytest

from generator.enrich.area_training import ids_file
from generator.enrich.areas import MODEL_FILE
from generator.enrich.keyphrase_training import tuning_half
from generator.enrich.keyphrases import WEIGHTS_FILE
from generator.enrich.lsa import BASIS_FILE
from tests.conftest import SHARED_DATA, require_shared


@pytest.mark.parametrize("model", [MODEL_FILE, BASIS_FILE], ids=lambda p: p.name)
def test_shipped_model_never_trained_on_a_dev_paper(model):
    recorded = ids_file(model)
    assert recorded.exists(), f"{recorded.name} missing: retrain with the training command"
    trained = set(gzip.decompress(recorded.read_bytes()).decode("utf-8").split())
    dev_file = require_shared(SHARED_DATA / "arxiv-labels-dev.jsonl")
    dev = {json.loads(line)["id"] for line in dev_file.open(encoding="utf-8")}
    assert len(trained) > 10_000
    assert not trained & dev


def test_phrase_weights_read_keywords_of_the_tuning_half_only():
    recorded = ids_file(WEIGHTS_FILE)
    assert recorded.exists(), f"{recorded.name} missing: run keyphrase_training"
    trained = gzip.decompress(recorded.read_bytes()).decode("utf-8").split()
    assert len(trained) > 1_000
    assert all(tuning_half(i) for i in trained)  # the reporting half stays unseen
