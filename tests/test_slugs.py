from __future__ import annotations

import pytest

from generator.ingest import ingest_paths
from generator.paper import Paper
from generator.slugs import assign_slugs, slugify
from tests.conftest import LISTINGS


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("ProPainter: Improving Propagation", "propainter-improving-propagation"),
        ("[MASK] is All You Need", "mask-is-all-you-need"),
        ("H\u00f6lder and Fr\u00e9chet", "holder-and-frechet"),
        ("Ho\u0308lder and Fre\u0301chet", "holder-and-frechet"),  # NFD gives the same slug
        ("../../etc/passwd", "etc-passwd"),
        ("/absolute/path", "absolute-path"),
        ("CON", "con-paper"),
        ("index", "index-paper"),
        ("NUL", "nul-paper"),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug


def test_slug_of_non_latin_title_is_a_stable_hash():
    assert slugify("深度学习") == slugify("深度学习")
    assert slugify("深度学习").startswith("untitled-")


def test_very_long_title_gives_short_file_name():
    slug = slugify("word " * 500)
    assert len(slug) <= 80 and len(f"{slug}.md".encode()) <= 255


def test_bundled_slugs_are_unique():
    collection, _ = ingest_paths([LISTINGS])
    papers = list(collection)
    assign_slugs(papers)
    assert len({p.slug for p in papers}) == len(papers) == 296


def test_slugs_do_not_change_when_a_listing_is_added():
    first, _ = ingest_paths([LISTINGS / "000_2330d60cc52b9a08.txt"])
    both, _ = ingest_paths([LISTINGS])
    alone, together = list(first), list(both)
    assign_slugs(alone)
    assign_slugs(together)
    by_key = {p.key: p.slug for p in together}
    assert all(by_key[p.key] == p.slug for p in alone)


def test_same_title_different_arxiv_ids_keep_older_bare_slug():
    old = Paper("Same Title", "a", arxiv_id="2101.00001")
    new = Paper("Same Title", "b", arxiv_id="2401.00001")
    assign_slugs([new, old])
    assert (old.slug, new.slug) == ("same-title", "same-title-2401-00001")


def test_case_collision_titles_merge_not_collide():
    from generator.paper import PaperCollection

    c = PaperCollection()
    assert c.add(Paper("Deep Nets", "x"))
    assert not c.add(Paper("DEEP NETS", "y"))
