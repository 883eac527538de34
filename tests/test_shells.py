"""Material's shell rendered once per kind of page (site/shells.py): same bytes as rendering."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from generator.build import build
from tests.conftest import LISTINGS, make_project

NO_SHELLS = "  - paper-site:\n      shells: false\n"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def filled(caplog) -> int:
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("page shells:")]
    return sum(int(line.split(": ")[1].split()[0]) for line in lines)


def test_filled_shells_equal_rendered_pages(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.paper-site")
    trees = {}
    for shells in (True, False):
        folder = tmp_path / str(shells)
        folder.mkdir()
        config = make_project(folder)
        if not shells:
            config.write_text(config.read_text().replace("  - paper-site\n", NO_SHELLS))
        caplog.clear()
        build([LISTINGS], folder / "site", config, jobs=1)
        assert (filled(caplog) > 100) == shells
        trees[shells] = tree(folder / "site")
    assert sorted(trees[True]) == sorted(trees[False])
    assert [k for k in trees[True] if trees[True][k] != trees[False][k]] == []


def test_template_printing_a_page_own_value_is_rendered_per_page(tmp_path):
    """A theme override that prints the page URL: the check renders the group normally."""
    docs = tmp_path / "docs"
    (docs / "overrides").mkdir(parents=True)
    (docs / "sub").mkdir()
    override = "{% block content %}<p>at {{ page.url }}</p>{{ super() }}{% endblock %}"
    (docs / "overrides" / "main.html").write_text('{% extends "base.html" %}' + override)
    (docs / "index.md").write_text("# Home\n")
    for name in "abcde":
        (docs / "sub" / f"{name}.md").write_text(f"---\ntitle: Page {name}\n---\n\n# Page {name}\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\ntheme:\n  name: material\n  custom_dir: docs/overrides\n"
        "plugins:\n  - paper-site:\n      search: material\n      jobs: 1\n"
        "nav:\n  - index.md\nnot_in_nav: |\n  /sub/\nexclude_docs: |\n  overrides/\n"
    )
    mkdocs_build(load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    for name in "abcde":
        page = (tmp_path / "site" / "sub" / name / "index.html").read_text()
        assert f"<p>at sub/{name}/</p>" in page
        assert f"<title>Page {name} - T</title>" in page
