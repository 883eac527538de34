"""The pipeline on one screen: ingest -> enrich -> render -> site."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.enrich import Catalogue, enrich
from generator.ingest import ingest_paths
from generator.ingest.report import IngestReport
from generator.render import render_pages, write_pages
from generator.render.pages import SiteInfo
from generator.site import build_site, load_mkdocs_config

log = logging.getLogger(__name__)
DEFAULT_CONFIG = Path("mkdocs.yml")
DEFAULT_LISTINGS = Path("listings")


@dataclass
class BuildResult:
    report: IngestReport
    catalogue: Catalogue
    timings: dict[str, float] = field(default_factory=dict)
    written: int = 0
    removed: int = 0


def _timed(timings: dict[str, float], name: str, progress: Callable[[str], None]):
    class _Timer:
        def __enter__(self):
            progress(f"{name} …")
            self.start = time.perf_counter()

        def __exit__(self, *exc):
            timings[name] = time.perf_counter() - self.start

    return _Timer()


def generate(
    paths: Sequence[Path],
    config_file: Path = DEFAULT_CONFIG,
    fmt: str = "auto",
    progress: Callable[[str], None] = log.info,
) -> BuildResult:
    """Ingest, enrich and write the Markdown pages into the docs folder."""
    timings: dict[str, float] = {}
    config = load_mkdocs_config(config_file)
    site = SiteInfo(config.site_name, config.site_description or "", config.site_url or "")
    with _timed(timings, "ingest", progress):
        collection, report = ingest_paths(paths, fmt)
    with _timed(timings, "enrich", progress):
        catalogue = enrich(list(collection))
    with _timed(timings, "render", progress):
        pages = render_pages(catalogue, report, site)
        written, removed = write_pages(Path(config.docs_dir), pages)
    return BuildResult(report, catalogue, timings, written, removed)


def build(
    paths: Sequence[Path] = (DEFAULT_LISTINGS,),
    site_dir: Path | None = None,
    config_file: Path = DEFAULT_CONFIG,
    fmt: str = "auto",
    progress: Callable[[str], None] = log.info,
) -> BuildResult:
    result = generate(paths, config_file, fmt, progress)
    target = site_dir or Path(load_mkdocs_config(config_file).site_dir)
    with _timed(result.timings, "site", progress):
        build_site(config_file, target)
    return result
