"""Feeds, BibTeX, stats charts and other things readers take away from the site."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import feedparser

from generator.paper import Paper
from generator.render.bibtex import bibtex_entry


def test_sitewide_rss_and_json_feeds_parse(rich_site):
    _config, site, result = rich_site
    rss = feedparser.parse((site / "feeds" / "all.xml").read_bytes())
    assert not rss.bozo, rss.get("bozo_exception")
    assert rss.version == "rss20" and len(rss.entries) == 50
    newest = max(p.published for p in result.catalogue.papers)
    assert rss.entries[0].published_parsed[:3] == tuple(int(x) for x in newest.split("-"))
    feed = json.loads((site / "feeds" / "all.json").read_text())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert {i["id"] for i in feed["items"]} == {e.link for e in rss.entries}


def test_every_topic_has_valid_feeds(rich_site):
    _config, site, result = rich_site
    for topic in result.catalogue.by_topic:
        parsed = feedparser.parse((site / "feeds" / f"topic-{topic}.xml").read_bytes())
        assert not parsed.bozo and parsed.entries, topic
        json.loads((site / "feeds" / f"topic-{topic}.json").read_text())


def test_feed_escapes_markup_in_titles(tmp_path):
    from generator.enrich import enrich
    from generator.render.feeds import render_feeds

    papers = [
        Paper(
            "<b>Bold</b> & <script>x</script>",
            "An abstract about things. More.",
            arxiv_id="2401.00001",
        ),
        Paper("Second paper", "Another abstract about things. More.", arxiv_id="2401.00002"),
    ]
    cat = enrich(papers)
    xml = render_feeds(cat, "Site", "https://example.org")["feeds/all.xml"]
    titles = [t.text for t in ET.fromstring(xml).iter("title")]
    assert "<b>Bold</b> & <script>x</script>" in titles


def test_bibtex_needs_authors_and_arxiv_id():
    assert bibtex_entry(Paper("T", "a", arxiv_id="2401.00001")) == ""
    assert bibtex_entry(Paper("T", "a", authors=["A B"])) == ""


def test_bibtex_entry_is_balanced_and_keyed():
    paper = Paper(
        "Attention {Is} All \\You Need",
        "a",
        arxiv_id="1706.03762",
        authors=["Ashish Vaswani", "Noam Shazeer"],
        published="2017-06-12",
    )
    entry = bibtex_entry(paper)
    assert entry.startswith("@article{vaswani2017attention,")
    assert "author = {Ashish Vaswani and Noam Shazeer}" in entry
    assert entry.count("{") == entry.count("}") and "\\You" not in entry


def test_paper_page_has_bibtex_with_copy_button(rich_site):
    _config, site, result = rich_site
    paper = next(p for p in result.catalogue.papers if p.authors and p.arxiv_id)
    html = next(site.glob(f"papers/*/{paper.slug}/index.html")).read_text()
    assert '<pre class="ps-bibtex"><code>@article{' in html
    assert "content.code.copy" in (site.parent / "mkdocs.yml").read_text()


def test_stats_page_has_static_svg_charts(rich_site):
    _config, site, _result = rich_site
    html = (site / "stats" / "index.html").read_text()
    for name in ("areas", "topics", "months", "code"):
        svg = (site / "stats" / f"{name}.svg").read_text()
        ET.fromstring(svg)  # well-formed
        assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
        assert f'src="{name}.svg"' in html


def test_pages_have_title_description_and_open_graph(rich_site):
    _config, site, result = rich_site
    paper = result.catalogue.papers[0]
    html = next(site.glob(f"papers/*/{paper.slug}/index.html")).read_text()
    assert "<title>" in html and '<meta name="description"' in html
    assert '<meta property="og:title"' in html and '<meta property="og:description"' in html
    assert (site / "404.html").is_file() and (site / "assets" / "favicon.svg").is_file()
