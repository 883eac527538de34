"""Builds are atomic: a failed or killed build leaves the previous site intact,
two builds at once do not corrupt each other, and abandoned temp trees go away.
Generated Markdown is written in place; a build that stopped halfway is repaired
by the next one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.build import build
from generator.errors import SiteBuildError
from generator.render.writer import GENERATED_DIRS
from generator.site import mkdocs_build as site_module
from tests.conftest import LISTINGS, ROOT, make_project

pytestmark = pytest.mark.slow
FIRST = LISTINGS / "001_ac01da98ba08a18f.txt"  # 72 distinct papers
TOP_LEVEL = ("index.md", "about.md", "report.md", "papers.json")


def _cli(config, *args):
    return [sys.executable, "-m", "generator", "-q", "--config", str(config), "build", *args]


@pytest.fixture()
def project(tmp_path):
    config = make_project(tmp_path)
    build([FIRST], tmp_path / "site", config)
    return config, tmp_path / "site"


def _snapshot(site):
    return {p.relative_to(site): p.stat().st_size for p in site.rglob("*") if p.is_file()}


def test_failed_build_leaves_previous_site_intact(project, monkeypatch):
    config, site = project
    before = _snapshot(site)

    def broken(_config, **_options):
        raise SystemExit("Aborted with 1 warnings in strict mode!")

    monkeypatch.setattr(site_module, "mkdocs_build", broken)
    with pytest.raises(SiteBuildError):
        build([LISTINGS], site, config)
    assert _snapshot(site) == before
    assert not list(site.parent.glob(".site.*-*"))


def test_killed_build_leaves_previous_site_servable(project):
    config, site = project
    before = _snapshot(site)
    process = subprocess.Popen(_cli(config, str(LISTINGS), "--site-dir", str(site)), cwd=ROOT)
    # Wait until MkDocs is writing into its staging folder, then kill -9.
    deadline = time.monotonic() + 60
    while not list(site.parent.glob(".site.building-*/papers")):
        assert time.monotonic() < deadline and process.poll() is None, "build never started"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert _snapshot(site) == before
    records = json.loads((site / "papers.json").read_text())
    assert len(records) == 72  # the previous build: one listing of 72 distinct papers
    # The next build cleans up what the killed one left behind.
    build([LISTINGS], site, config)
    assert not list(site.parent.glob(".site.building-*"))
    assert len(json.loads((site / "papers.json").read_text())) == 296


def test_two_builds_at_once_both_succeed_and_the_site_is_whole(project):
    config, site = project
    command = _cli(config, str(LISTINGS), "--site-dir", str(site))
    first = subprocess.Popen(command, cwd=ROOT)
    second = subprocess.Popen(command, cwd=ROOT)
    assert first.wait() == 0 and second.wait() == 0
    assert len(json.loads((site / "papers.json").read_text())) == 296
    assert len(list(site.glob("papers/*/*/index.html"))) == 296
    assert replaced_trees_deleted(site)


def replaced_trees_deleted(site: Path, pattern: str = ".site.*-*", timeout: float = 60) -> bool:
    """Replaced trees are deleted in the background (forked.delete_later)."""
    deadline = time.monotonic() + timeout
    while list(site.parent.glob(pattern)):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_replaced_tree_is_deleted_after_the_build(project):
    config, site = project
    before = (site / "papers.json").stat().st_ino
    build([LISTINGS], site, config)
    assert (site / "papers.json").stat().st_ino != before  # the new tree is in place
    assert replaced_trees_deleted(site)


def test_markdown_is_written_in_place_with_nothing_left_beside_it(project):
    config, site = project
    docs = config.parent / "docs"
    build([LISTINGS], site, config)  # adds 224 papers: changes most generated pages
    assert not list(docs.glob(".*"))  # MkDocs sees no leftovers
    assert not list(config.parent.glob(".docs*"))  # no staging tree, no marker
    assert len(list(docs.glob("papers/*/*.md"))) == 296


def _generated(docs: Path) -> dict[str, bytes]:
    return {
        p.relative_to(docs).as_posix(): p.read_bytes()
        for p in sorted(docs.rglob("*"))
        if p.is_file() and p.relative_to(docs).parts[0] in GENERATED_DIRS + TOP_LEVEL
    }


def test_markdown_left_half_written_is_repaired_by_the_next_build(project, monkeypatch):
    from generator.build import generate
    from generator.render import writer

    config, _site = project
    docs = config.parent / "docs"
    before = _generated(docs)
    calls = {"n": 0}
    real_write = writer._write

    def failing_write(path, data):
        calls["n"] += 1
        if calls["n"] > 50:
            raise OSError("disk full")
        return real_write(path, data)

    monkeypatch.setattr(writer, "_write", failing_write)
    with pytest.raises(OSError):
        generate([LISTINGS], config)  # would add 224 papers and change many pages
    assert writer.marker_path(docs).exists()
    assert _generated(docs) != before  # 50 pages of the failed build are on disk
    monkeypatch.setattr(writer, "_write", real_write)
    # Back to the first input: pages the failed build wrote have their old digests
    # again, so only the marker can tell that they must be compared with their files.
    result = generate([FIRST], config)
    assert result.written + result.removed >= 50  # rewritten, or new in the failed build
    assert _generated(docs) == before
    assert not writer.marker_path(docs).exists()


def test_pages_no_longer_produced_are_removed_with_their_folders(project):
    from generator.build import generate

    config, _site = project
    docs = config.parent / "docs"
    generate([LISTINGS], config)
    folders = {p.parent for p in docs.glob("papers/*/*.md")}
    result = generate([FIRST], config)
    assert result.removed >= 224
    assert len(list(docs.glob("papers/*/*.md"))) == 72
    left = {p.parent for p in docs.glob("papers/*/*.md")}
    assert all(folder.is_dir() == (folder in left) for folder in folders)


def test_generate_waits_for_a_build_of_the_same_project(project):
    from generator.build import project_lock
    from generator.site import locked

    config, _site = project
    code = (
        "from pathlib import Path; from generator.build import generate; "
        f"generate([Path({str(LISTINGS)!r})], Path({str(config)!r}))"
    )
    with locked(project_lock(config)):  # as a build in progress holds it
        process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
        time.sleep(3)
        assert process.poll() is None  # waiting, having written nothing
        assert len(list((config.parent / "docs").glob("papers/*/*.md"))) == 72
    assert process.wait(timeout=300) == 0
    assert len(list((config.parent / "docs").glob("papers/*/*.md"))) == 296


def test_a_generate_that_changes_nothing_touches_nothing(project):
    from generator.build import generate

    config, site = project
    docs = config.parent / "docs"
    generate([LISTINGS], config)
    assert replaced_trees_deleted(site, ".docs.old-*")  # site/ and docs/ share a parent

    def state() -> dict:
        return {
            p.relative_to(config.parent).as_posix(): p.stat().st_mtime_ns
            for p in [*docs.rglob("*"), *config.parent.glob(".docs*")]
        }

    before = state()
    result = generate([LISTINGS], config)
    assert (result.written, result.removed) == (0, 0)
    assert state() == before
