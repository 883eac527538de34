"""The pipeline on one screen: ingest -> enrich -> render -> site."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.enrich import Catalogue, enrich
from generator.ingest import ingest_paths
from generator.ingest.report import IngestReport
from generator.render import render_pages
from generator.render.pages import SiteInfo
from generator.render.writer import PageWriter
from generator.site import DEFAULT_ENGINE, build_site, load_mkdocs_config, locked

log = logging.getLogger(__name__)
DEFAULT_CONFIG = Path("mkdocs.yml")
DEFAULT_LISTINGS = Path("listings")
OFFLINE_SITE_DIR = Path("site-offline")
# Offline search runs on the main thread (file:// has no web workers), so the
# inlined index keeps only this much text per page: title, tags, authors and
# the start of the abstract. See "Offline build" in the README for the limits.
OFFLINE_SEARCH_TEXT = 600
OFFLINE_OVERRIDES = {
    "plugins": [
        "search",
        "offline",
        {"paper-site": {"search": "material", "search_text_limit": OFFLINE_SEARCH_TEXT}},
    ],
    # Material's offline plugin would load this shim from unpkg.com; ours is vendored.
    "extra": {"polyfills": ["assets/vendor/iframe-worker-shim.js"]},
}


@dataclass
class BuildResult:
    report: IngestReport
    catalogue: Catalogue
    timings: dict[str, float] = field(default_factory=dict)
    written: int = 0
    removed: int = 0


@contextlib.contextmanager
def _timed(timings: dict[str, float], name: str, progress: Callable[[str], None]) -> Iterator[None]:
    progress(f"{name} …")
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = time.perf_counter() - start


def cache_dir(config: Any, config_file: Path) -> Path | None:
    """Where the generator keeps work between builds (parsed listings, each paper's
    text analysis): the page cache's folder (None when that is off)."""
    plugin = config.plugins.get("paper-site")
    folder = getattr(getattr(plugin, "config", None), "cache_dir", "")
    return config_file.parent / folder if folder else None


def project_lock(config_file: Path) -> Path:
    """What builds of one project lock: the generated Markdown and the site are shared."""
    return config_file.resolve().parent / "paper-site-build"


def generate(
    paths: Sequence[Path],
    config_file: Path = DEFAULT_CONFIG,
    fmt: str = "auto",
    progress: Callable[[str], None] = log.info,
) -> BuildResult:
    """Ingest, enrich and write the Markdown pages into the docs folder, holding the
    project's lock: the Markdown is written in place, and the caches are shared."""
    with locked(project_lock(config_file)):
        return _generate_locked(paths, config_file, fmt, progress)


def _generate_locked(
    paths: Sequence[Path], config_file: Path, fmt: str, progress: Callable[[str], None]
) -> BuildResult:
    timings: dict[str, float] = {}
    config = load_mkdocs_config(config_file)
    site = SiteInfo(config.site_name, config.site_description or "", config.site_url or "")
    kept = cache_dir(config, config_file)
    with _timed(timings, "ingest", progress):
        collection, report = ingest_paths(paths, fmt, kept / "listings" if kept else None)
    with _timed(timings, "enrich", progress):
        catalogue = enrich(list(collection), cache_dir=kept)
    with _timed(timings, "render", progress):
        docs_dir = Path(config.docs_dir)
        with PageWriter(docs_dir) as writer:  # pages go to disk as they are rendered
            render_pages(catalogue, report, site, docs_dir, sink=writer.add)
    return BuildResult(report, catalogue, timings, writer.written, writer.removed)


def build(
    paths: Sequence[Path] = (DEFAULT_LISTINGS,),
    site_dir: Path | None = None,
    config_file: Path = DEFAULT_CONFIG,
    fmt: str = "auto",
    progress: Callable[[str], None] = log.info,
    offline: bool = False,
    search: str | None = None,
    engine: str = DEFAULT_ENGINE,
    jobs: int = 0,
) -> BuildResult:
    """`search`: force a search backend ("material" or "pagefind") instead of the
    paper-site plugin's setting in mkdocs.yml (default "auto"). `engine`: "mkdocs"
    (default) or "properdocs". `jobs`: processes rendering pages (0: the plugin's
    default, every core)."""
    # One build of a project at a time: generated Markdown and site/ are shared.
    with locked(project_lock(config_file)):
        return _build_locked(
            paths, site_dir, config_file, fmt, progress, offline, search, engine, jobs
        )


def _build_locked(
    paths, site_dir, config_file, fmt, progress, offline, search, engine, jobs
) -> BuildResult:
    result = generate(paths, config_file, fmt, progress)
    if offline:
        target = site_dir or config_file.parent / OFFLINE_SITE_DIR
        with _timed(result.timings, "site", progress):
            build_site(config_file, target, engine, jobs, **OFFLINE_OVERRIDES)
        with _timed(result.timings, "zip", progress):
            zip_folder(target)
    else:
        target = site_dir or Path(load_mkdocs_config(config_file).site_dir)
        overrides = {"plugins": ["search", {"paper-site": {"search": search}}]} if search else {}
        with _timed(result.timings, "site", progress):
            build_site(config_file, target, engine, jobs, **overrides)
    return result


def zip_folder(folder: Path) -> Path:
    """<folder>.zip beside the folder, written to a temporary name and then renamed."""
    folder = folder.resolve()
    tmp = shutil.make_archive(str(folder) + ".tmp", "zip", root_dir=folder)
    target = folder.with_suffix(".zip")
    os.replace(tmp, target)
    return target
