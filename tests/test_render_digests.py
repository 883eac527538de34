"""Pages whose inputs did not change are not rendered again (render/digests.py),
and the pages that are rendered equal a cold render byte for byte."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from generator.build import generate, load_mkdocs_config
from generator.render.digests import DIGESTS, facts_digest
from generator.render.pages import UNCHANGED, PageRenderer, SiteInfo
from tests.conftest import FIXTURES, LISTINGS, make_project
from tests.test_incremental_build import tree

API = FIXTURES / "hf_json_array.json"


def docs_of(folder):
    return {k: v for k, v in tree(folder / "docs").items() if not k.startswith("overrides/")}


def test_an_unchanged_rebuild_renders_no_paper_tag_period_or_author_page(tmp_path):
    config = make_project(tmp_path)
    own = tmp_path / "own.json"
    own.write_text(own_listing([dated_paper(1, "2026-03-02"), dated_paper(2, "2026-03-03")]))
    result = generate([LISTINGS, API, own], config)
    loaded = load_mkdocs_config(config)
    site = SiteInfo(loaded.site_name, loaded.site_description or "", loaded.site_url or "")
    renderer = PageRenderer(result.catalogue, result.report, site, tmp_path / "docs")
    pages = renderer.render_all(parallel=False)
    papers = [p for p in pages if p.startswith("papers/") and p.endswith(".md")]
    assert papers and all(pages[p] is UNCHANGED for p in papers)
    for folder in ("tags", "date", "week", "month", "authors"):
        listed = [p for p in pages if p.startswith(f"{folder}/") and p != f"{folder}/index.md"]
        rendered = [p for p in listed if pages[p] is not UNCHANGED]
        assert len(listed) > 1, folder
        assert rendered == [f"{folder}/{DIGESTS}"], folder


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


def own_listing(papers: list[dict]) -> str:
    return json.dumps({"papers": papers})


def dated_paper(n: int, day: str, title: str = "") -> dict:
    return {
        "title": title or f"Sparse routing study number {n}",
        "abstract": f"We study sparse routing in mixture models, case {n}, and report gains.",
        "authors": ["Ada Shared", f"Solo Author {n}"],
        "listing_date": day,
    }


def warm_and_cold(tmp_path, before: list[dict], after: list[dict]) -> tuple[dict, dict]:
    """Docs after building `before` then `after` in one project, and `after` cold."""
    listing = tmp_path / "listing"
    listing.mkdir()
    (listing / "own.json").write_text(own_listing(before))
    warm = tmp_path / "warm"
    warm.mkdir()
    config = make_project(warm)
    generate([listing], config)
    (listing / "own.json").write_text(own_listing(after))
    generate([listing], config)
    cold = tmp_path / "cold"
    cold.mkdir()
    generate([listing], make_project(cold))
    return docs_of(warm), docs_of(cold)


def assert_same(warm: dict, cold: dict) -> None:
    assert sorted(warm) == sorted(cold)
    assert [k for k in warm if warm[k] != cold[k]] == []


def test_a_new_day_relinks_the_day_before_it(tmp_path):
    before = [dated_paper(1, "2026-03-02"), dated_paper(2, "2026-03-03")]
    warm, cold = warm_and_cold(tmp_path, before, [*before, dated_paper(3, "2026-03-09")])
    assert_same(warm, cold)
    assert b"2026-03-09" in warm["date/2026-03-03/index.md"]  # its "next" link
    assert b"2026-W11" in warm["week/2026-W10/index.md"]


def test_a_retitled_paper_changes_its_day_week_month_and_author_pages(tmp_path):
    before = [dated_paper(1, "2026-03-02"), dated_paper(2, "2026-03-03")]
    after = [dated_paper(1, "2026-03-02", "SPARSE ROUTING STUDY NUMBER 1"), before[1]]
    warm, cold = warm_and_cold(tmp_path, before, after)
    assert_same(warm, cold)
    for page in ("date/2026-03-02/index.md", "week/2026-W10/index.md", "month/2026-03/index.md"):
        assert b"SPARSE ROUTING STUDY NUMBER 1" in warm[page], page
    authors = [v for k, v in warm.items() if k.startswith("authors/") and b"Ada Shared" in v]
    assert any(b"SPARSE ROUTING STUDY NUMBER 1" in v for v in authors)


FACTS = ["Título", ("papers/ab/x.md", 3, None, True, 1.5), ["tag", "tag"], []]


def test_a_digest_does_not_depend_on_which_objects_hold_the_facts():
    shared = "tag"
    copies = ["".join(["ta", "g"]), "".join(["t", "ag"])]
    facts = [*FACTS[:2], [shared, shared], []]
    assert facts_digest(facts, "base") == facts_digest([*FACTS[:2], copies, []], "base")
    assert facts_digest(facts, "base") != facts_digest(facts, "other")


def test_a_digest_is_the_same_in_another_process():
    code = (
        f"from generator.render.digests import facts_digest\nprint(facts_digest({FACTS!r}, 'base'))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == facts_digest(FACTS, "base")


def _changed(value):
    """Another value of the same kind."""
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, bool) or value is None:
        return 7
    if isinstance(value, int):
        return value + 1
    return [*value, value[0]] if value else ["x"]


def test_every_field_of_a_paper_reaches_its_digest():
    from dataclasses import fields, replace

    from generator.paper import Paper, Related, Source
    from generator.render.digests import paper_fields

    paper = Paper(
        "T", "A", sources=[Source("f.txt", 3, "Mar 14")], authors=["X"], tags=["t"],
        links=["https://x"], keywords=["k"], secondary_topics=["s"],
        related=[Related("r", ("a", "b"))], upvotes=2, github_stars=1,
    )  # fmt: skip
    digest = facts_digest(paper_fields(paper), "")
    for field in fields(Paper):
        other = replace(paper, **{field.name: _changed(getattr(paper, field.name))})
        assert facts_digest(paper_fields(other), "") != digest, field.name
    for nested in (
        replace(paper, sources=[Source("f.txt", 3, "Mar 14", "hf-json")]),
        replace(paper, related=[Related("r", ("a", "c"))]),
    ):
        assert facts_digest(paper_fields(nested), "") != digest


def _counting_records(monkeypatch) -> list[str]:
    from generator.render import pages

    encoded: list[str] = []
    real = pages.paper_record

    def record(paper):
        encoded.append(paper.slug)
        return real(paper)

    monkeypatch.setattr(pages, "paper_record", record)
    return encoded


def test_papers_json_keeps_the_lines_of_unchanged_papers(tmp_path, monkeypatch):
    own = tmp_path / "own.json"
    (tmp_path / "warm").mkdir()
    config = make_project(tmp_path / "warm")
    generate([LISTINGS], config)
    own.write_text(own_listing([dated_paper(1, "2026-03-02", "Graph rewiring for molecules")]))
    encoded = _counting_records(monkeypatch)
    generate([LISTINGS, own], config)
    assert "graph-rewiring-for-molecules" in encoded
    assert len(encoded) < 50  # of 297: the others' lines came from the file
    (tmp_path / "cold").mkdir()
    generate([LISTINGS, own], make_project(tmp_path / "cold"))
    assert_same(docs_of(tmp_path / "warm"), docs_of(tmp_path / "cold"))


def test_papers_json_whose_lines_do_not_match_is_encoded_again(tmp_path, monkeypatch):
    papers = [dated_paper(n, "2026-03-02") for n in range(1, 4)]
    listing = tmp_path / "own.json"
    listing.write_text(own_listing(papers))
    config = make_project(tmp_path)
    generate([listing], config)
    target = tmp_path / "docs" / "papers.json"
    good = target.read_bytes()
    lines = good.split(b"\n")
    lines[1], lines[2] = lines[2].removesuffix(b",") + b",", lines[1].removesuffix(b",") + b","
    target.write_bytes(b"\n".join(lines))  # two records swapped: each names another slug
    encoded = _counting_records(monkeypatch)
    generate([listing], config)
    assert len(encoded) == len(papers)
    assert target.read_bytes() == good
