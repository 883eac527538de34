from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from generator.build import generate


def test_site_has_a_page_per_paper_topic_and_tag(built_site):
    _config, site, result = built_site
    cat = result.catalogue
    assert len(list((site / "papers").glob("*/*/index.html"))) == 296
    for topic in cat.by_topic:
        assert (site / "topics" / topic / "index.html").is_file()
    for slug in cat.tag_slugs.values():
        assert (site / "tags" / slug / "index.html").is_file()
    assert (site / "search" / "search_index.json").is_file()


def test_papers_json_has_every_paper(built_site):
    _config, site, _result = built_site
    records = json.loads((site / "papers.json").read_text())
    assert len(records) == 296
    first = records[0]
    for key in ("slug", "url", "title", "abstract", "topic", "tags", "related", "links", "sources"):
        assert key in first
    assert all((site / r["url"] / "index.html").is_file() for r in records)
    assert all(r["sources"][0]["line"] >= 1 for r in records)


def test_every_tag_has_at_least_two_papers(built_site):
    cat = built_site[2].catalogue
    assert cat.by_tag and min(len(ps) for ps in cat.by_tag.values()) >= 2


def test_catch_all_topic_is_small(built_site):
    cat = built_site[2].catalogue
    general = [ps for t, ps in cat.by_topic.items() if cat.taxonomy.topics[t].is_general]
    assert sum(len(ps) for ps in general) < len(cat.papers) * 0.1


def _internal_links(html: str) -> list[str]:
    return [h for h in re.findall(r'href="([^"]+)"', html) if not urlsplit(h).scheme]


def test_links_on_generated_pages_resolve(built_site):
    _config, site, result = built_site
    pages = [site / "index.html", site / "topics" / "index.html", site / "tags" / "index.html"]
    propainter = next(p for p in result.catalogue.papers if p.title.startswith("ProPainter"))
    pages.append(next(site.glob(f"papers/*/{propainter.slug}/index.html")))
    pages.append(site / "topics" / propainter.topic / "index.html")
    for page in pages:
        base = "/" + page.relative_to(site).as_posix()
        for href in _internal_links(page.read_text()):
            path = unquote(urlsplit(urljoin(base, href)).path).lstrip("/")
            target = site / path
            assert target.is_file() or (target / "index.html").is_file(), (page, href)


def test_paper_page_shows_topic_tags_links_related_and_provenance(built_site):
    _config, site, result = built_site
    p = next(p for p in result.catalogue.papers if p.title.startswith("Cascaded Sparse"))
    html = next(site.glob(f"papers/*/{p.slug}/index.html")).read_text()
    assert "Cascaded Sparse Feature Propagation Network for Interactive Segmentation</h1>" in html
    assert 'href="https://github.com/kleinzcy/CSFPN"' in html
    assert "000_2330d60cc52b9a08.txt, line 3" in html
    assert len(p.related) == 5 and "Related papers" in html
    assert all(f"/tags/{result.catalogue.tag_slugs[t]}/" in html for t in p.tags)


def test_rebuild_changes_no_markdown_byte(built_site):
    config, _site, _result = built_site
    docs = Path(config).parent / "docs"
    before = {f: f.read_bytes() for f in docs.rglob("*.md")}
    result = generate([Path(__file__).parent.parent / "listings"], config)
    assert result.written == 0 and result.removed == 0
    assert before == {f: f.read_bytes() for f in docs.rglob("*.md")}


def test_adding_a_listing_rewrites_only_changed_pages(tmp_path):
    from tests.conftest import LISTINGS, make_project

    config = make_project(tmp_path)
    docs = tmp_path / "docs"
    generate([LISTINGS / "000_2330d60cc52b9a08.txt"], config)
    before = {f: (f.stat().st_mtime_ns, f.read_bytes()) for f in docs.rglob("*.md")}
    result = generate([LISTINGS], config)
    after = {f: (f.stat().st_mtime_ns, f.read_bytes()) for f in docs.rglob("*.md")}
    unchanged = [f for f in before if f in after and before[f][1] == after[f][1]]
    changed = [f for f in before if f in after and before[f][1] != after[f][1]]
    added = [f for f in after if f not in before]
    assert unchanged and changed and added
    assert all(before[f][0] == after[f][0] for f in unchanged)  # mtime kept
    assert result.written >= len(changed) + len(added)  # plus feeds, charts, papers.json
