"""Pages whose inputs did not change are not rendered again (render/digests.py),
and the pages that are rendered equal a cold render byte for byte."""

from __future__ import annotations

import json
import shutil

import pytest

from generator.build import generate, load_mkdocs_config
from generator.render.digests import DIGESTS
from generator.render.pages import UNCHANGED, PageRenderer, SiteInfo
from tests.conftest import FIXTURES, LISTINGS, make_project
from tests.test_incremental_build import tree

API = FIXTURES / "hf_json_array.json"


def docs_of(folder):
    return {k: v for k, v in tree(folder / "docs").items() if not k.startswith("overrides/")}


def test_an_unchanged_rebuild_renders_no_paper_or_tag_page(tmp_path):
    config = make_project(tmp_path)
    result = generate([LISTINGS], config)
    loaded = load_mkdocs_config(config)
    site = SiteInfo(loaded.site_name, loaded.site_description or "", loaded.site_url or "")
    renderer = PageRenderer(result.catalogue, result.report, site, tmp_path / "docs")
    pages = renderer.render_all(parallel=False)
    papers = [p for p in pages if p.startswith("papers/") and p.endswith(".md")]
    tags = [p for p in pages if p.startswith("tags/") and p != "tags/index.md"]
    assert papers and all(pages[p] is UNCHANGED for p in papers)
    assert [p for p in tags if pages[p] is not UNCHANGED] == [f"tags/{DIGESTS}"]


@pytest.mark.parametrize("field", ["title", "ai_summary"])
def test_a_changed_field_rerenders_the_pages_that_show_it(tmp_path, field):
    listing = tmp_path / "listing"
    shutil.copytree(LISTINGS, listing)
    shutil.copy(API, listing / "api.json")
    warm = tmp_path / "warm"
    warm.mkdir()
    config = make_project(warm)
    generate([listing], config)
    items = json.loads((listing / "api.json").read_text())
    paper = items[0]["paper"]
    # Upper case keeps the slug (so every path), but changes what pages show.
    paper[field] = (paper.get(field) or "A teaser that was rewritten.").upper()
    (listing / "api.json").write_text(json.dumps(items))
    generate([listing], config)
    cold = tmp_path / "cold"
    cold.mkdir()
    generate([listing], make_project(cold))
    warm_docs, cold_docs = docs_of(warm), docs_of(cold)
    assert sorted(warm_docs) == sorted(cold_docs)
    assert [k for k in warm_docs if warm_docs[k] != cold_docs[k]] == []
    shown = paper[field].encode()
    assert any(shown in v for k, v in warm_docs.items() if k.startswith("tags/"))
    if field == "title":
        assert any(b"Related papers" in v and shown in v for v in warm_docs.values())
