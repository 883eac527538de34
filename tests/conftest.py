from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LISTINGS = ROOT / "listings"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_project(tmp: Path) -> Path:
    """A throwaway copy of the site project (config + hand-written docs) to build into."""
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    shutil.copytree(ROOT / "docs" / "overrides", tmp / "docs" / "overrides")
    shutil.copytree(ROOT / "docs" / "assets", tmp / "docs" / "assets")
    for page in ("benchmarks.md",):  # the hand-written page
        shutil.copy(ROOT / "docs" / page, tmp / "docs" / page)
    return tmp / "mkdocs.yml"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The bundled listings built once into a temporary project: (config, site_dir, result)."""
    from generator.build import build

    tmp = tmp_path_factory.mktemp("project")
    config = make_project(tmp)
    site_dir = tmp / "site"
    result = build([LISTINGS], site_dir, config)
    return config, site_dir, result


@pytest.fixture(scope="session")
def rich_site(tmp_path_factory):
    """Bundled listings plus real API records (authors, dates, arXiv ids, code links)."""
    from generator.build import build

    tmp = tmp_path_factory.mktemp("rich")
    config = make_project(tmp)
    site_dir = tmp / "site"
    inputs = [LISTINGS, FIXTURES / "hf_json_array.json", FIXTURES / "hf_json_dir"]
    result = build(inputs, site_dir, config)
    return config, site_dir, result


SHARED_DATA = ROOT.parent / "shared" / "data"


def require_shared(path: Path) -> Path:
    """A file of ../shared/data: skipped in a user's clone, a failure under CI."""
    import os

    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing; CI runs with ../shared beside the repo")
        pytest.skip(f"{path} is not here (../shared is only beside the repo in CI)")
    return path
