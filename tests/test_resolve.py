"""`resolve` fills arXiv ids for exact title matches only, against a local stand-in API."""

from __future__ import annotations

import json
import shutil

import yaml

from generator.cli import main
from generator.ingest import ingest_paths
from generator.paper import normalise_title
from tests.conftest import LISTINGS
from tests.hf_server import RECORDED, FakeHub, fake_hub

ITEMS = json.loads((RECORDED / "2026-05-13.json").read_text(encoding="utf-8"))


def bundled_titles() -> list[str]:
    collection, _ = ingest_paths([LISTINGS])
    return sorted(p.title for p in collection)


def result(title: str, arxiv_id: str, item: dict) -> dict:
    """A real search item with its title and id set to the paper we ask about."""
    record = dict(item["paper"], title=title, id=arxiv_id)
    return dict(item, paper=record)


def hub_for(titles: list[str]) -> FakeHub:
    exact, near, twice = titles[0], titles[1], titles[2]
    hub = FakeHub({})
    hub.search[exact] = [result(exact.upper() + "!", "2301.00001", ITEMS[0])]
    hub.search[near] = [result(near + " Revisited", "2301.00002", ITEMS[1])]
    hub.search[twice] = [
        result(twice, "2301.00003", ITEMS[2]),
        result(twice, "2301.00004", ITEMS[3]),
    ]
    return hub


def project(tmp_path):
    listings = tmp_path / "listings"
    shutil.copytree(LISTINGS, listings)
    return listings


def test_resolve_fills_ids_for_exact_matches_only(tmp_path, capsys):
    titles = bundled_titles()
    listings = project(tmp_path)
    out = listings / "resolved.yaml"
    with fake_hub(hub_for(titles)) as hub:
        code = main(["resolve", str(listings), "--out", str(out), "--base-url", hub.url,
                     "--rate", "100"])  # fmt: skip
    assert code == 0
    written = yaml.safe_load(out.read_text(encoding="utf-8"))["papers"]
    assert [(e["title"], e["arxiv_id"]) for e in written] == [(titles[0], "2301.00001")]
    err = capsys.readouterr().err
    assert "1 found" in err and "1 ambiguous" in err and f"{len(titles) - 2} unmatched" in err
    collection, _ = ingest_paths([listings])
    paper = next(p for p in collection if normalise_title(p.title) == normalise_title(titles[0]))
    assert paper.arxiv_id == "2301.00001"
    assert len(collection) == len(titles)  # merged, not added


def test_second_run_asks_only_about_unresolved_titles(tmp_path):
    titles = bundled_titles()
    listings = project(tmp_path)
    out = listings / "resolved.yaml"
    args = ["-q", "resolve", str(listings), "--out", str(out), "--rate", "100"]
    with fake_hub(hub_for(titles)) as hub:
        main([*args, "--base-url", hub.url])
        first = len(hub.requests)
        main([*args, "--base-url", hub.url])
        asked = [q["q"] for _, q, _ in hub.requests[first:]]
    assert first == len(titles)
    assert titles[0] not in asked and len(asked) == len(titles) - 1


def test_build_shows_arxiv_pdf_and_hf_links_for_resolved_papers(tmp_path):
    from generator.build import build
    from tests.conftest import make_project

    titles = bundled_titles()
    listings = project(tmp_path)
    with fake_hub(hub_for(titles)) as hub:
        main(["-q", "resolve", str(listings), "--out", str(listings / "resolved.yaml"),
              "--base-url", hub.url, "--rate", "100"])  # fmt: skip
    config = make_project(tmp_path)
    result = build([listings], tmp_path / "site", config)
    paper = next(p for p in result.catalogue.papers if p.arxiv_id == "2301.00001")
    page = next((tmp_path / "docs" / "papers").rglob(f"{paper.slug}.md")).read_text()
    for url in ("arxiv.org/abs/2301.00001", "arxiv.org/pdf/2301.00001",
                "huggingface.co/papers/2301.00001"):  # fmt: skip
        assert url in page
