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
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from generator.errors import SiteBuildError
from generator.forked import alive, delete_later
from generator.site.partial import PREVIOUS_ENV
from generator.site.workers import JOBS_ENV

log = logging.getLogger(__name__)


def load_mkdocs_config(config_file: Path, **overrides: object) -> MkDocsConfig:
    try:
        return load_config(str(config_file), **overrides)
    except MkDocsException as exc:
        raise SiteBuildError(f"{config_file}: {exc}") from exc


_HELD: dict[Path, int] = {}  # locks this process holds, and how many times


@contextlib.contextmanager
def locked(target: Path) -> Iterator[None]:
    """An exclusive lock on `target` (a file `.<name>.lock` beside it), held while inside.
    Re-entrant within a process: `build()` holds the project's lock and calls
    `generate()`, which takes it too (for `serve`'s hook and other direct callers)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = (target.parent / f".{target.name}.lock").resolve()
    if _HELD.get(lock_path):
        _HELD[lock_path] += 1
        try:
            yield
        finally:
            _HELD[lock_path] -= 1
        return
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        _HELD[lock_path] = 1
        try:
            yield
        finally:
            _HELD.pop(lock_path, None)
            fcntl.flock(handle, fcntl.LOCK_UN)


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` by `new` with renames only; the old tree is deleted afterwards,
    in the background (forked.delete_later: 17,500 folders took 4 s at 10,000 papers)."""
    old = None
    if target.exists():
        prefix = f".{target.name}.old-{os.getpid()}-"
        old = Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))
        os.rename(target, old / "tree")
    os.rename(new, target)
    if old is not None:
        delete_later(old, f".{target.name}.old-")


def _properdocs_build(config_file: Path, staging: Path, overrides: dict) -> None:
    """`properdocs build --strict` on a config that INHERITs ours plus the overrides.

    A child process, because ProperDocs stands in for the `mkdocs` package only inside
    its own command line; Material and our plugin then run on it unchanged.
    """
    config_file = config_file.resolve()
    derived = config_file.with_name(f".{config_file.stem}.properdocs-{os.getpid()}.yml")
    settings = {"INHERIT": config_file.name, "site_dir": str(staging), **overrides}
    derived.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "properdocs", "build", "-q", "--strict", "-f", str(derived)],
            cwd=config_file.parent,
            env={**os.environ, **QUIET_ENV},
            capture_output=True,
            text=True,
        )
    finally:
        derived.unlink(missing_ok=True)
    if done.returncode != 0:
        lines = [ln for ln in (done.stderr or done.stdout).splitlines() if ln.strip()]
        for line in lines[-20:]:
            log.warning("properdocs: %s", line)
        raise SiteBuildError(f"ProperDocs build failed: {lines[-1] if lines else done.returncode}")


def remove_abandoned(site_dir: Path) -> None:
    """Staging and old trees left by killed builds (their pid is gone): no folder grows forever."""
    for path in site_dir.parent.glob(f".{site_dir.name}.*-*"):
        pid = path.name.rsplit("-", 2)[-2] if path.name.count("-") >= 2 else ""
        if path.is_dir() and pid.isdigit() and not alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def _environment(jobs: int, site_dir: Path) -> Iterator[None]:
    """What the plugin needs to know for this build only, in this process or in
    ProperDocs' child process alike: $PAPER_SITE_JOBS (when given) and the site
    folder being replaced, $PAPER_SITE_PREVIOUS (see partial.py)."""
    values = {PREVIOUS_ENV: str(site_dir)}
    if jobs > 0:
        values[JOBS_ENV] = str(jobs)
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class _DirtyNotice(logging.Filter):
    """MkDocs warns that a dirty build may leave stale pages and links. Ours builds
    into an empty folder, and only the pages the plugin proved unchanged count as
    unmodified, so the warning does not apply, and strict mode must not count it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


@contextlib.contextmanager
def _dirty_notice_hidden() -> Iterator[None]:
    logger = logging.getLogger("mkdocs.commands.build")
    notice = _DirtyNotice()
    logger.addFilter(notice)
    try:
        yield
    finally:
        logger.removeFilter(notice)


ENGINES = ("mkdocs", "properdocs")
DEFAULT_ENGINE = "mkdocs"
# Neither engine's end-of-life notice belongs in our build output.
QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def build_site(
    config_file: Path,
    site_dir: Path,
    engine: str = DEFAULT_ENGINE,
    jobs: int = 0,
    **overrides: object,
) -> MkDocsConfig:
    """Build into a temporary folder, then swap it in. `engine`: MkDocs 1.6 in this
    process, or ProperDocs (its maintained continuation) in a child process.
    `jobs` > 0: that many processes render pages (see workers.py)."""
    if engine not in ENGINES:
        raise SiteBuildError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(site_dir)
    prefix = f".{site_dir.name}.building-{os.getpid()}-"
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=site_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a published site must be readable
    try:
        # MkDocs rewrites override values in place while validating: pass a copy.
        overrides = copy.deepcopy(overrides)
        with _environment(jobs, site_dir):
            if engine == "properdocs":
                _properdocs_build(config_file, staging, overrides)
            config = load_mkdocs_config(
                config_file, site_dir=str(staging), strict=True, **overrides
            )
            if engine == "mkdocs":
                try:
                    with _dirty_notice_hidden():
                        # "Dirty": pages the plugin marks unmodified (partial.py) are
                        # skipped whole; into an empty folder, nothing else is.
                        mkdocs_build(config, dirty=True)
                except (MkDocsException, SystemExit) as exc:
                    raise SiteBuildError(f"MkDocs build failed: {exc}") from exc
        with locked(site_dir):
            swap_in(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return config
