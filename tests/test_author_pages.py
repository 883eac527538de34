"""Author pages get finer, in fixed steps, as an archive grows (enrich/authors.py)."""

from __future__ import annotations

from generator.enrich import authors
from generator.enrich.authors import LINKS_PER_PAGE, page_level, page_of, start_levels
from tests.test_render_digests import assert_same, dated_paper, warm_and_cold


def test_each_level_keeps_every_start_key_of_the_one_before():
    levels = start_levels()
    assert [len(s) for s in levels] == sorted({len(s) for s in levels})
    for coarse, fine in zip(levels, levels[1:], strict=False):
        assert set(coarse) < set(fine) and len(fine) < 2 * len(coarse) + 10


def test_a_finer_page_starts_inside_the_coarser_page_of_its_authors():
    coarse, fine = start_levels()[0], start_levels()[-1]
    for anchor in [*fine, *(k + "zz" for k in fine), "aaron-x", "zz-top", "9lives"]:
        assert page_of(page_of(anchor, fine), coarse) == page_of(anchor, coarse)


def test_the_level_is_the_coarsest_with_short_enough_pages():
    sizes = [len(s) for s in start_levels()]
    assert page_level(0) == 0
    assert page_level(LINKS_PER_PAGE * sizes[0]) == 0
    assert page_level(LINKS_PER_PAGE * sizes[0] + 1) == 1
    assert page_level(LINKS_PER_PAGE * sizes[2]) == 2
    assert page_level(10**9) == len(sizes) - 1


def test_a_rebuild_that_moves_to_finer_pages_equals_a_cold_build(tmp_path, monkeypatch):
    monkeypatch.setattr(authors, "LINKS_PER_PAGE", 0.01)  # 2 links: level 0; 6: level 2
    assert page_of("adashared", start_levels()[0]) != page_of("adashared", start_levels()[2])
    before = [dated_paper(n, "2026-03-02") for n in (1, 2)]
    after = [*before, *(dated_paper(n, "2026-03-03") for n in (3, 4, 5, 6))]
    warm, cold = warm_and_cold(tmp_path, before, after)
    assert_same(warm, cold)
    moved = page_of("adashared", start_levels()[2])
    assert b"Ada Shared" in warm[f"authors/{moved}/index.md"]
