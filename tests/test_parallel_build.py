"""Page workers (generator/site/workers.py): more processes, the same site."""

from __future__ import annotations

import logging
import sqlite3

import pytest

from generator.build import build
from generator.errors import SiteBuildError
from generator.site import build_site
from generator.site.page_cache import PLAIN, WITH_DICTIONARY, _pack, _unpack
from generator.site.workers import JOBS_ENV, MIN_PAGES, job_count
from tests.conftest import LISTINGS, make_project
from tests.test_incremental_build import tiny_project, tree


def test_build_with_workers_equals_build_without(tmp_path, monkeypatch):
    sites = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv(JOBS_ENV, jobs)
        folder = tmp_path / f"jobs-{jobs}"
        folder.mkdir()
        config = make_project(folder)
        build([LISTINGS], folder / "site", config, search="pagefind")
        sites[jobs] = tree(folder / "site")
    assert len(sites["1"]) > MIN_PAGES
    assert sorted(sites["1"]) == sorted(sites["2"])
    assert [name for name in sites["1"] if sites["1"][name] != sites["2"][name]] == []
    db = sqlite3.connect(tmp_path / "jobs-2" / ".cache" / "paper-site" / "pages.sqlite")
    kinds = [bytes(row[0][:1]) for row in db.execute("SELECT output FROM pages")]
    assert kinds.count(WITH_DICTIONARY) == len(kinds) - 1  # all but the dictionary's page
    assert kinds.count(PLAIN) == 1


def test_cache_dictionary_shrinks_similar_pages_and_round_trips():
    menu = " ".join(f'<a href="p{i * 7919 % 1000}">{i}</a>' for i in range(300))
    shell = "<html><header>" + menu + "</header><main>{}</main></html>"
    zdict = shell.format("first page").encode()
    page = shell.format("second page, ünïcode")
    packed = _pack(page, zdict)
    assert _unpack(packed, zdict) == page
    assert len(packed) < len(_pack(page)) / 2
    with pytest.raises(sqlite3.DatabaseError):
        _unpack(packed)  # a row that needs the dictionary is never misread without it


def test_warning_in_a_worker_fails_the_build_once(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv(JOBS_ENV, "2")
    pages = {f"p{i}.md": f"# Page {i}\n\n[next](p{i + 1}.md)\n" for i in range(MIN_PAGES + 5)}
    pages["index.md"] = "# Home\n\n[gone](gone.md)\n"
    config = tiny_project(tmp_path, pages)
    with caplog.at_level(logging.WARNING), pytest.raises(SiteBuildError, match="strict"):
        build_site(config, tmp_path / "site")
    gone = [r for r in caplog.records if "gone.md" in r.getMessage()]
    assert len(gone) == 1


def test_job_count_reads_the_environment(monkeypatch):
    monkeypatch.setenv(JOBS_ENV, "3")
    assert job_count(0) == 3
    assert job_count(5) == 5
    monkeypatch.setenv(JOBS_ENV, "none")
    assert job_count(0) >= 1
