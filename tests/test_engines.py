"""The site builds on MkDocs 1.6 and on ProperDocs, its maintained continuation, and the
two trees are byte-identical apart from the generator meta tag."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.build import build
from generator.errors import SiteBuildError
from generator.site import build_site
from tests.conftest import LISTINGS, make_project

GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')


def tree(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): GENERATOR_TAG.sub(b"", p.read_bytes())
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_properdocs_builds_the_same_site_as_mkdocs(built_site, tmp_path):
    _config, mkdocs_site, _ = built_site
    config = make_project(tmp_path)
    build([LISTINGS], tmp_path / "site", config, engine="properdocs")
    proper = tmp_path / "site"
    assert b"ProperDocs" in (proper / "index.html").read_bytes()
    ours, theirs = tree(mkdocs_site), tree(proper)
    assert ours.keys() == theirs.keys()
    assert [name for name in ours if ours[name] != theirs[name]] == []


def test_unknown_engine_is_refused(tmp_path):
    with pytest.raises(SiteBuildError, match="unknown engine"):
        build_site(make_project(tmp_path), tmp_path / "site", engine="zensical")
