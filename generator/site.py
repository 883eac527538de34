"""Stage 4, site: run MkDocs on the generated Markdown, atomically.

MkDocs writes into a fresh temporary folder beside the target; only when the
build succeeds is it swapped in by two renames, so a failed or killed build
leaves the previous site intact and servable. Builds of one project hold a
lock for their whole run (see build.py), so two never interleave.
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from generator.errors import SiteBuildError

log = logging.getLogger(__name__)


def load_mkdocs_config(config_file: Path, **overrides: object) -> MkDocsConfig:
    try:
        return load_config(str(config_file), **overrides)
    except MkDocsException as exc:
        raise SiteBuildError(f"{config_file}: {exc}") from exc


@contextlib.contextmanager
def locked(target: Path) -> Iterator[None]:
    """An exclusive lock on `target` (a file `.<name>.lock` beside it), held while inside."""
    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = target.parent / f".{target.name}.lock"
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` by `new` with renames only; the old tree is deleted afterwards."""
    old = None
    if target.exists():
        prefix = f".{target.name}.old-{os.getpid()}-"
        old = Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))
        os.rename(target, old / "tree")
    os.rename(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def remove_abandoned(site_dir: Path) -> None:
    """Staging and old trees left by killed builds (their pid is gone): no folder grows forever."""
    for path in site_dir.parent.glob(f".{site_dir.name}.*-*"):
        pid = path.name.rsplit("-", 2)[-2] if path.name.count("-") >= 2 else ""
        if path.is_dir() and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def build_site(config_file: Path, site_dir: Path, **overrides: object) -> MkDocsConfig:
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(site_dir)
    prefix = f".{site_dir.name}.building-{os.getpid()}-"
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=site_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a published site must be readable
    try:
        # MkDocs rewrites override values in place while validating: pass a copy.
        overrides = copy.deepcopy(overrides)
        config = load_mkdocs_config(config_file, site_dir=str(staging), strict=True, **overrides)
        try:
            mkdocs_build(config)
        except (MkDocsException, SystemExit) as exc:
            raise SiteBuildError(f"MkDocs build failed: {exc}") from exc
        with locked(site_dir):
            swap_in(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return config
