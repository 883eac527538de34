"""Topic, area and tag listings keep their archive pages when papers arrive
(render/archive.py): only the front page and a newly filled archive page change."""

from __future__ import annotations

import json

import pytest

from generator.build import generate, load_mkdocs_config
from generator.paper import Paper
from generator.render import archive
from generator.render.archive import NEWEST, paginate
from generator.render.pages import UNCHANGED, PageRenderer, SiteInfo
from tests.conftest import make_project
from tests.test_render_digests import assert_same, dated_paper, warm_and_cold


def papers(n: int, start: int = 0) -> list[Paper]:
    """`n` papers newest first, one a day."""
    days = [f"2026-{1 + i // 28:02d}-{1 + i % 28:02d}" for i in range(start, start + n)]
    return [Paper(title=f"P{i}", abstract="a", published=d) for i, d in enumerate(days)][::-1]


@pytest.mark.parametrize(
    ("n", "front", "archived"),
    [(0, 0, 0), (1, 1, 0), (9, 9, 0), (10, 10, 0), (19, 19, 0), (20, 10, 1), (29, 19, 1),
     (30, 10, 2), (95, 15, 8)],
)  # fmt: skip
def test_front_page_holds_one_to_two_pages_and_archives_are_full(n, front, archived):
    pages = paginate("tags", "t", papers(n), size=10)
    assert len(pages[0].papers) == front
    assert [p.number for p in pages[1:]] == list(range(archived, 0, -1))
    assert all(len(p.papers) == 10 for p in pages[1:])
    assert sum(len(p.papers) for p in pages) == n
    assert [x for p in pages for x in p.papers] == papers(n)  # newest first, no paper twice


def test_archive_pages_do_not_change_when_papers_arrive():
    old = papers(95)
    before = {p.path: p for p in paginate("tags", "t", old, size=10)[1:]}
    for added in range(1, 25):
        after = paginate("tags", "t", papers(added, start=95) + old, size=10)
        for page in after[1:]:
            if page.path in before and page.number < len(before):
                assert page == before[page.path]  # the newest archive page's "newer" may move


def test_archive_pages_link_their_neighbours_by_date():
    pages = paginate("topics", "x", papers(30), size=10)
    front, second, first = pages
    assert front.older == (second.label, "topics/x/archive-2.md")
    assert front.archive == ((second.label, second.path), (first.label, first.path))
    assert second.newer == (NEWEST, "topics/x/index.md") and second.older[1] == first.path
    assert first.newer[1] == second.path and first.older is None
    assert first.label == "2026-01-01 – 2026-01-10"


def published(n: int) -> dict:
    return {**dated_paper(n, f"2026-03-{n:02d}"), "published": f"2026-02-{n:02d}"}


def test_a_rebuild_with_archive_pages_equals_a_cold_build(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "PAGE_SIZE", 3)
    before = [published(n) for n in range(1, 10)]
    warm, cold = warm_and_cold(tmp_path, before, [*before, published(10)])
    assert_same(warm, cold)
    page = next(k for k in warm if k.startswith("topics/") and k.endswith("/archive-2.md"))
    pager = "[← Newest papers](index.md) · [Older: 2026-02-01 – 2026-02-03 →](archive-1.md)"
    assert f"{pager}\n{{: .ps-pager }}".encode() in warm[page]


def test_pages_of_the_same_dates_are_told_apart_by_number():
    undated = [Paper(title=f"P{i}", abstract="a") for i in range(30)]
    labels = [p.label for p in paginate("tags", "t", undated, size=10)]
    assert labels == ["undated", "undated (2)", "undated (1)"]


def test_a_new_paper_renders_no_archive_page_again(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "PAGE_SIZE", 3)
    old, new = tmp_path / "old", tmp_path / "new"
    for folder, n in ((old, 9), (new, 10)):
        folder.mkdir()
        (folder / "own.json").write_text(
            json.dumps({"papers": [published(i) for i in range(1, n + 1)]})
        )
    generate([old / "own.json"], make_project(old))
    config = make_project(new)
    result = generate([new / "own.json"], config)
    loaded = load_mkdocs_config(config)
    site = SiteInfo(loaded.site_name, loaded.site_description or "", loaded.site_url or "")
    pages = PageRenderer(result.catalogue, result.report, site, old / "docs").render_all(False)
    archived = [p for p in pages if "/archive-" in p]
    assert archived and all(pages[p] is UNCHANGED for p in archived)
    fronts = [p for p in pages if p.startswith(("topics/", "areas/")) and p.endswith("/index.md")]
    assert fronts and not any(pages[p] is UNCHANGED for p in fronts)
