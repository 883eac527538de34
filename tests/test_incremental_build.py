"""The page cache (generator/page_cache.py): a warm build writes what a cold one does."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

import pytest

from generator.build import build
from generator.errors import SiteBuildError
from generator.site import build_site
from tests.conftest import FIXTURES, LISTINGS, make_project

FIRST, SECOND = sorted(LISTINGS.iterdir())[:2]


def project(folder: Path) -> Path:
    folder.mkdir()
    return make_project(folder)


def tree(folder: Path) -> dict[str, bytes]:
    files = (p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def reused_pages(caplog) -> int:
    """Pages of the last build taken as built or whose Markdown came from an earlier build."""
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("page cache:")]
    assert lines, "the paper-site plugin did not report its page cache"
    taken = int(lines[-1].split("page cache: ")[1].split(" of")[0])
    return taken + int(lines[-1].split("built, ")[1].split(" reused")[0])


@pytest.mark.parametrize("search", ["material", "pagefind"])
def test_incremental_build_equals_cold_build(tmp_path, caplog, search):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.paper-site")
    warm = project(tmp_path / "warm")
    build([FIRST, SECOND], tmp_path / "warm" / "site", warm, search=search)
    more = [FIRST, SECOND, FIXTURES / "hf_json_array.json"]
    build(more, tmp_path / "warm" / "site", warm, search=search)
    assert reused_pages(caplog) > 100
    partial = any(r.getMessage().startswith("partial build:") for r in caplog.records)
    assert partial == (search == "pagefind")  # Material's index needs every page rendered
    cold = project(tmp_path / "cold")
    build(more, tmp_path / "cold" / "site", cold, search=search)
    warm_tree, cold_tree = tree(tmp_path / "warm" / "site"), tree(tmp_path / "cold" / "site")
    assert sorted(warm_tree) == sorted(cold_tree)
    differing = [name for name in cold_tree if warm_tree[name] != cold_tree[name]]
    assert differing == []


def tiny_project(tmp_path: Path, pages: dict[str, str]) -> Path:
    config = make_project(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Tiny\ntheme:\n  name: material\n  custom_dir: docs/overrides\n"
        "plugins:\n  - search\n  - paper-site\nvalidation:\n  links:\n    not_found: warn\n"
    )
    for name in ("benchmarks.md",):
        (tmp_path / "docs" / name).unlink()
    for name, text in pages.items():
        (tmp_path / "docs" / name).write_text(text)
    return config


def cached_pages(project: Path) -> set[str]:
    with sqlite3.connect(project / ".cache" / "paper-site" / "pages.sqlite") as db:
        return {row[0] for row in db.execute("SELECT src_uri FROM pages")}


def test_cached_page_whose_link_target_is_gone_warns_again(tmp_path):
    config = tiny_project(tmp_path, {"index.md": "# Home\n\n[b](b.md)\n", "b.md": "# B\n"})
    build_site(config, tmp_path / "site")
    assert cached_pages(tmp_path) == {"index.md", "b.md"}
    (tmp_path / "docs" / "b.md").unlink()
    with pytest.raises(SiteBuildError, match="strict"):
        build_site(config, tmp_path / "site")


def anchor_project(tmp_path: Path) -> Path:
    config = tiny_project(
        tmp_path, {"index.md": "# Home\n\n[x](b.md#x)\n", "b.md": "# B\n\n## X { #x }\n"}
    )
    text = (tmp_path / "mkdocs.yml").read_text()
    extra = "    anchors: warn\nmarkdown_extensions:\n  - attr_list\n"
    (tmp_path / "mkdocs.yml").write_text(text + extra)
    return config


def test_page_linking_to_an_anchor_is_cached(tmp_path):
    config = anchor_project(tmp_path)
    build_site(config, tmp_path / "site")
    assert cached_pages(tmp_path) == {"index.md", "b.md"}


def test_cached_link_to_an_anchor_that_is_gone_warns_again(tmp_path):
    config = anchor_project(tmp_path)
    build_site(config, tmp_path / "site")
    (tmp_path / "docs" / "b.md").write_text("# B\n\n## Y { #y }\n")
    with pytest.raises(SiteBuildError, match="strict"):
        build_site(config, tmp_path / "site")


def test_build_that_warns_stores_nothing(tmp_path):
    config = tiny_project(tmp_path, {"index.md": "# Home\n\n[gone](gone.md)\n"})
    with pytest.raises(SiteBuildError):
        build_site(config, tmp_path / "site")
    assert not (tmp_path / ".cache/paper-site/pages.sqlite").exists() or not cached_pages(tmp_path)


def test_cache_forgets_pages_that_left_the_site(tmp_path):
    config = tiny_project(tmp_path, {"index.md": "# Home\n", "b.md": "# B\n"})
    build_site(config, tmp_path / "site")
    (tmp_path / "docs" / "b.md").unlink()
    build_site(config, tmp_path / "site")
    assert cached_pages(tmp_path) == {"index.md"}


def test_theme_override_change_reaches_cached_pages(tmp_path):
    config = tiny_project(tmp_path, {"index.md": "# Home\n"})
    build_site(config, tmp_path / "site")
    main = tmp_path / "docs" / "overrides" / "main.html"
    block = "{% block scripts %}"
    edited = main.read_text().replace(block, block + "<!-- edited override -->")
    main.write_text(edited)
    build_site(config, tmp_path / "site")
    assert "edited override" in (tmp_path / "site" / "index.html").read_text()


def test_page_edit_reaches_the_site(tmp_path):
    config = tiny_project(tmp_path, {"index.md": "# Home\n\nfirst\n"})
    build_site(config, tmp_path / "site")
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nsecond\n")
    build_site(config, tmp_path / "site")
    assert "second" in (tmp_path / "site" / "index.html").read_text()


def test_unreadable_cache_file_is_replaced(tmp_path):
    config = tiny_project(tmp_path, {"index.md": "# Home\n"})
    cache = tmp_path / ".cache" / "paper-site" / "pages.sqlite"
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"not a database" * 100)
    build_site(config, tmp_path / "site")
    assert cached_pages(tmp_path) == {"index.md"}


def test_theme_change_reuses_markdown_and_renders_templates_again(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.paper-site")
    config = tiny_project(tmp_path, {"index.md": "# Home\n", "b.md": "# B\n"})
    build_site(config, tmp_path / "site")
    text = config.read_text().replace("name: material", "name: material\n  language: de")
    config.write_text(text)
    build_site(config, tmp_path / "site")
    last = [r.getMessage() for r in caplog.records if "page cache" in r.getMessage()][-1]
    assert last.startswith(
        "page cache: 0 of 2 pages taken as built, 2 reused (Markdown), 0 (template)"
    )
    assert 'lang="de"' in (tmp_path / "site" / "index.html").read_text()


def partial_project(tmp_path: Path, pages: dict[str, str]) -> Path:
    """Pages outside the nav, searched by Pagefind: what partial builds apply to."""
    config = tiny_project(tmp_path, {"index.md": "# Home\n"})
    (tmp_path / "docs" / "papers").mkdir()
    for name, text in pages.items():
        (tmp_path / "docs" / "papers" / name).write_text(text)
    pagefind = "  - paper-site:\n      search: pagefind\n"
    text = config.read_text().replace("  - paper-site\n", pagefind)
    extra = "    anchors: warn\nmarkdown_extensions:\n  - attr_list\nnot_in_nav: |\n  /papers/\n"
    config.write_text(text + extra + "nav:\n  - index.md\n")
    return config


def partial_log(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("partial build")]


def test_partial_build_takes_unchanged_pages_and_renders_edited_ones(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.paper-site")
    config = partial_project(tmp_path, {"pa.md": "# A\n", "pb.md": "# B\n"})
    build_site(config, tmp_path / "site")
    (tmp_path / "docs" / "papers" / "pb.md").write_text("# B edited\n")
    build_site(config, tmp_path / "site")
    assert partial_log(caplog) == ["partial build: 1 unchanged pages taken as built"]
    assert "B edited" in (tmp_path / "site" / "papers" / "pb" / "index.html").read_text()
    assert "<h1" in (tmp_path / "site" / "papers" / "pa" / "index.html").read_text()


def test_page_written_again_with_the_same_text_is_taken_as_built_after(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.paper-site")
    config = partial_project(tmp_path, {"pa.md": "# A\n", "pb.md": "# B\n"})
    build_site(config, tmp_path / "site")
    source = tmp_path / "docs" / "papers" / "pb.md"
    source.write_text("# B\n")  # same text, new modification time
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 10**9))
    build_site(config, tmp_path / "site")  # found by its key, the file recorded anew
    build_site(config, tmp_path / "site")
    assert partial_log(caplog)[-2:] == [
        "partial build: 1 unchanged pages taken as built",
        "partial build: 2 unchanged pages taken as built",
    ]


def test_partial_build_runs_no_page_event_for_unchanged_pages(tmp_path, monkeypatch):
    from generator.site.plugin import PaperSitePlugin

    config = partial_project(tmp_path, {"pa.md": "# A\n", "pb.md": "# B\n"})
    build_site(config, tmp_path / "site")
    seen: list[str] = []

    def on_page_context(self, context, *, page, config, nav):
        seen.append(page.file.src_uri)
        return context

    monkeypatch.setattr(PaperSitePlugin, "on_page_context", on_page_context, raising=False)
    (tmp_path / "docs" / "papers" / "pb.md").write_text("# B edited\n")
    build_site(config, tmp_path / "site")
    assert "papers/pb.md" in seen
    assert "papers/pa.md" not in seen


def test_partial_build_logs_nothing_per_unchanged_page(tmp_path, caplog):
    config = partial_project(tmp_path, {"pa.md": "# A\n", "pb.md": "# B\n"})
    build_site(config, tmp_path / "site")
    caplog.set_level(logging.INFO)  # as `mkdocs build` prints
    build_site(config, tmp_path / "site")
    assert "partial build: 2 unchanged pages taken as built" in caplog.messages
    assert not [m for m in caplog.messages if "skipped" in m and "papers/" in m]


def test_partial_build_checks_unchanged_links_to_anchors_that_are_gone(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.paper-site")
    config = partial_project(tmp_path, {"pa.md": "[x](pb.md#x)\n", "pb.md": "## X { #x }\n"})
    build_site(config, tmp_path / "site")
    (tmp_path / "docs" / "papers" / "pb.md").write_text("## Y { #y }\n")
    with pytest.raises(SiteBuildError, match="strict"):
        build_site(config, tmp_path / "site")
    assert partial_log(caplog) == ["partial build: 1 unchanged pages taken as built"]


def test_unchanged_page_linking_to_a_page_that_left_is_rendered_again(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.paper-site")
    pages = {"pa.md": "[b](pb.md)\n", "pb.md": "# B\n", "pc.md": "# C\n", "pd.md": "# D\n"}
    config = partial_project(tmp_path, pages)
    build_site(config, tmp_path / "site")
    (tmp_path / "docs" / "papers" / "pd.md").unlink()
    build_site(config, tmp_path / "site")
    assert partial_log(caplog) == ["partial build: 3 unchanged pages taken as built"]
    (tmp_path / "docs" / "papers" / "pb.md").unlink()
    with pytest.raises(SiteBuildError, match="strict"):
        build_site(config, tmp_path / "site")
    assert partial_log(caplog)[-1] == "partial build: 1 unchanged pages taken as built"


def test_no_partial_build_into_another_folder(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.paper-site")
    config = partial_project(tmp_path, {"pa.md": "# A\n"})
    build_site(config, tmp_path / "site")
    build_site(config, tmp_path / "other")
    assert partial_log(caplog) == []
    assert (tmp_path / "other" / "papers" / "pa" / "index.html").read_bytes() == (
        tmp_path / "site" / "papers" / "pa" / "index.html"
    ).read_bytes()
