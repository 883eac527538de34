"""Reading by day, week and month, top papers, summaries and authors (issue 13)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections import defaultdict
from pathlib import Path

import feedparser
import pytest

from generator.build import generate
from generator.enrich.authors import author_anchor, author_key
from tests.conftest import LISTINGS, ROOT, make_project

DAYS = ROOT / "tests" / "fixtures" / "hf_api"
ENTRY = re.compile(r"^<li>.*<strong><a href=", re.M)  # listing entries are HTML blocks
NEXT = re.compile(r"\[(\d{4}-\d{2}-\d{2}) →\]\(\.\./(\d{4}-\d{2}-\d{2})/index\.md\)")


@pytest.fixture(scope="module")
def daily(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("daily")
    config = make_project(tmp)
    result = generate([LISTINGS, DAYS], config)
    return tmp / "docs", result


def input_days() -> dict[str, set[str]]:
    """Independently of the generator: arXiv ids per day file."""
    return {
        p.stem: {item["paper"]["id"] for item in json.loads(p.read_text())}
        for p in sorted(DAYS.glob("*.json"))
    }


def entries(page: Path) -> int:
    return len(ENTRY.findall(page.read_text()))


def test_each_day_page_lists_exactly_that_days_papers(daily):
    docs, _ = daily
    for day, ids in input_days().items():
        assert entries(docs / "date" / day / "index.md") == len(ids), day


def test_week_and_month_counts_agree_with_the_days(daily):
    docs, _ = daily
    weeks, months = defaultdict(set), defaultdict(set)
    for day, ids in input_days().items():
        year, week, _ = dt.date.fromisoformat(day).isocalendar()
        weeks[f"{year}-W{week:02d}"] |= ids
        months[day[:7]] |= ids
    for week, ids in weeks.items():
        assert entries(docs / "week" / week / "index.md") == len(ids)
    for month, ids in months.items():
        assert entries(docs / "month" / month / "index.md") == len(ids)


def test_next_links_walk_every_day_in_order(daily):
    docs, _ = daily
    days = sorted(p.name for p in (docs / "date").iterdir() if p.name[:1].isdigit())
    walked, day = [days[0]], days[0]
    while m := NEXT.search((docs / "date" / day / "index.md").read_text()):
        day = m.group(2)
        walked.append(day)
    assert walked == days == sorted(input_days())


def test_day_page_is_sorted_by_votes_then_title(daily):
    _, result = daily
    for papers in result.catalogue.timeline.days.values():
        keys = [(-(p.upvotes or 0), p.title.lower()) for p in papers]
        assert keys == sorted(keys)


def test_undated_papers_are_counted_and_keep_their_printed_date(daily):
    docs, result = daily
    undated = result.catalogue.timeline.undated
    assert len(undated) == 296  # the bundled page text has no years
    assert f"[Undated ({len(undated)})]" in (docs / "date" / "index.md").read_text()
    page = next(p for p in (docs / "papers").rglob("*.md") if "Mar 14 (as printed" in p.read_text())
    assert "date/Mar" not in page.read_text()


def test_top_and_feeds_validate_and_are_deterministic(daily, tmp_path):
    docs, _ = daily
    for name in ("top-week", "top-month", "area-cs-cv"):
        feed = feedparser.parse((docs / "feeds" / f"{name}.xml").read_text())
        assert not feed.bozo, (name, feed.bozo_exception)
        assert feed.entries
        json.loads((docs / "feeds" / f"{name}.json").read_text())
    top = feedparser.parse((docs / "feeds" / "top-week.xml").read_text())
    assert top.entries[0].title.startswith("SenseNova-U1")  # 97 upvotes, the week's most
    again = tmp_path / "again"
    again.mkdir()
    generate([LISTINGS, DAYS], make_project(again))
    for rel in ("top/index.md", "feeds/top-week.xml", "date/index.md", "authors/index.md"):
        assert (again / "docs" / rel).read_bytes() == (docs / rel).read_bytes()


def test_ai_summary_is_shown_and_used_as_teaser(daily):
    docs, result = daily
    with_summary = next(p for p in result.catalogue.papers if p.ai_summary)
    page = next((docs / "papers").rglob(f"{with_summary.slug}.md")).read_text()
    assert "AI summary (Hugging Face)" in page
    day = with_summary.sources[0].listing_date
    assert with_summary.ai_summary[:60] in (docs / "date" / day / "index.md").read_text()
    without = next(p for p in result.catalogue.papers if not p.ai_summary)
    assert "AI summary" not in next((docs / "papers").rglob(f"{without.slug}.md")).read_text()


def test_author_links_reach_an_entry_listing_their_papers(daily):
    docs, result = daily
    authors = result.catalogue.authors
    assert authors.authors and all(len(a.papers) >= 2 for a in authors.authors.values())
    author = next(iter(authors.authors.values()))
    paper = author.papers[0]
    page = next((docs / "papers").rglob(f"{paper.slug}.md")).read_text()
    assert f'href="../../authors/{author.page}/index.md#{author.anchor}"' in page
    entry_page = (docs / "authors" / author.page / "index.md").read_text()
    assert f'<h3 id="{author.anchor}">' in entry_page
    for other in author.papers:
        assert other.slug in entry_page


def test_single_paper_authors_stay_plain_text(daily):
    docs, result = daily
    lone = next(
        (p, name)
        for p in result.catalogue.papers
        for name in p.authors
        if not result.catalogue.authors.path(name)
    )
    page = next((docs / "papers").rglob(f"{lone[0].slug}.md")).read_text()
    assert f"[{lone[1]}](" not in page


def test_author_identity_and_anchors():
    assert author_key("  Eric   X ") == author_key("eric x") == "eric x"
    assert author_key("E\u0301ric X") == author_key("Éric X")  # NFC
    assert author_anchor(author_key("Eric X")) == "eric-x"
    assert author_anchor(author_key("Éric X")).startswith("eric-x-")
    assert author_anchor(author_key("Éric X")) != author_anchor(author_key("Eric X"))


def test_anchors_do_not_change_when_a_listing_is_added(daily, tmp_path):
    _, result = daily
    before = {k: a.anchor for k, a in result.catalogue.authors.authors.items()}
    more = tmp_path / "more"
    more.mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "hf_json_array.json", more / "x.json")
    shutil.copytree(ROOT / "tests" / "fixtures" / "hf_json_dir", more / "dir")
    after = generate([LISTINGS, DAYS, more], make_project(tmp_path)).catalogue.authors.authors
    assert all(after[k].anchor == anchor for k, anchor in before.items())


def test_every_seed_paper_page_has_an_outbound_link(built_site):
    config, _site, result = built_site
    docs = config.parent / "docs"
    for paper in result.catalogue.papers:
        page = next((docs / "papers").rglob(f"{paper.slug}.md")).read_text()
        links = page.split('<p class="ps-links">')[1].split("</p>")[0]
        assert re.search(
            r'class="md-button" href="https://(arxiv\.org|huggingface\.co|www\.semanticscholar\.org)/',
            links,
        )


def _coauthored(names: list[str], n: int) -> list:
    from generator.paper import Paper

    return [
        Paper(f"Paper {i} by {' '.join(names)}", "An abstract of several words here.",
              authors=names, published="2025-01-01", slug=f"paper-{i}-{names[0]}")
        for i in range(n)
    ]  # fmt: skip


def test_adding_many_authors_moves_no_author_to_another_page():
    from generator.enrich.authors import index_authors

    first = _coauthored(["Jia Li", "Wei Zhang"], 2)
    crowd = [p for i in range(400) for p in _coauthored([f"Jia {chr(97 + i % 26)}{i}"], 2)]
    before = index_authors(first)
    after = index_authors(first + crowd)
    assert {k: a.page for k, a in before.authors.items()} == {
        k: after.authors[k].page for k in before.authors
    }
    assert max(len(v) for v in after.pages.values()) < 400  # the crowd still spreads out


def test_every_author_page_holds_one_initial():
    from generator.enrich.authors import page_of, page_starts

    starts = page_starts()
    for anchor in ("aaron-x", "zz-top", "9lives", "jia-li", "eric-x-3fa2c1"):
        assert page_of(anchor, starts)[0] == anchor[0]
