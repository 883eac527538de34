"""Pages hold their content packed between MkDocs' loops (generator/site/lazy_content.py)."""

from __future__ import annotations

import json
import shutil

from generator.site import build_site, plugin
from generator.site.lazy_content import content_digest, has_content, has_h1, hold_packed
from generator.site.page_cache import _pack, _unpack
from tests.test_incremental_build import tiny_project, tree


class Page:
    def __init__(self) -> None:
        self.content: str | None = None
        self.title = "A page"


def packed_page(text: str) -> Page:
    page = Page()
    hold_packed(page, text, _pack(json.dumps({"content": text})), None, _unpack)
    page.content = page.content  # what MkDocs does with on_page_content's result
    return page


def test_packed_page_keeps_no_text_and_reads_it_back():
    text = "<h1 id='a'>Übersicht</h1><p>" + "words " * 500 + "</p>"
    page = packed_page(text)
    assert "content" not in vars(page)
    assert page.content == text
    assert isinstance(page, Page) and page.title == "A page"


def test_content_a_plugin_changed_is_kept_as_set():
    page = packed_page("<p>old</p>")
    page.content = "<p>new</p>"
    assert page.content == "<p>new</p>"
    plain = Page()
    plain.content = "<p>new</p>"
    assert content_digest(page) == content_digest(plain)


def test_digest_and_heading_flag_match_the_plain_page():
    for text in ("<h1>T</h1><p>x</p>", "<p>no heading</p>"):
        plain = Page()
        plain.content = text
        page = packed_page(text)
        assert content_digest(page) == content_digest(plain)
        assert has_h1(page) == has_h1(plain) == text.startswith("<h1")
        assert has_content(page) and has_content(plain)
    assert not has_content(Page())


def test_build_holds_pages_packed_and_writes_the_same_site(tmp_path, monkeypatch):
    seen: list[tuple[int, int]] = []
    real_on_env = plugin.PaperSitePlugin.on_env

    def on_env(self, env, *, config, files):
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        seen.append((sum("content" not in vars(p) for p in pages), len(pages)))
        return real_on_env(self, env, config=config, files=files)

    on_env.mkdocs_priority = real_on_env.mkdocs_priority
    monkeypatch.setattr(plugin.PaperSitePlugin, "on_env", on_env)
    pages = {f"p{i}.md": f"# Page {i}\n\nZebrafinch{i} sings.\n" for i in range(5)}
    (tmp_path / "project").mkdir()
    config = tiny_project(tmp_path / "project", {"index.md": "# Home\n", **pages})
    build_site(config, tmp_path / "cold")
    build_site(config, tmp_path / "warm")  # another folder: every page from the cache
    assert seen == [(6, 6), (6, 6)]
    assert tree(tmp_path / "cold") == tree(tmp_path / "warm")
    # Material's search read each page's full text while it was held packed.
    index = (tmp_path / "warm" / "search" / "search_index.json").read_text()
    assert all(f"Zebrafinch{i}" in index for i in range(5))
    shutil.rmtree(tmp_path / "project" / ".cache")
    build_site(config, tmp_path / "uncached")
    assert tree(tmp_path / "uncached") == tree(tmp_path / "cold")
