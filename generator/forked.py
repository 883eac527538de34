"""Pure-Python work on the second core, in forked processes.

Threads would share one core (the GIL); processes started with `fork`
inherit the collection instead of receiving it pickled, and only their
results come back. Where fork is unavailable, or for small collections, the
same functions run inline, with the same results (tests/test_enrich_parallel.py,
tests/test_render_parallel.py).

- `Beside`: one step in a child while the caller does another (enrichment:
  phrase matching for tags and topics while the parent tokenises).
- `map_chunks`, `iter_chunks`: a function over consecutive chunks of items in two
  workers, results in order (rendering pages).
- `delete_later`: a replaced tree (generated Markdown, a built site) deleted by a
  detached process, so a build ends as soon as its new tree is in place.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
WORKERS = 2
_STASH: tuple[Callable[..., Any], tuple[Any, ...]] | None = None


def _run_stashed() -> Any:
    assert _STASH is not None
    func, args = _STASH
    return func(*args)


class Beside(Generic[T]):
    def __init__(self, func: Callable[..., T], *args: Any, parallel: bool = True) -> None:
        global _STASH
        self.func, self.args = func, args
        self.pool = None
        if parallel and "fork" in multiprocessing.get_all_start_methods():
            _STASH = (func, args)  # inherited by the forked worker, never pickled
            try:
                self.pool = multiprocessing.get_context("fork").Pool(1)
                self.pending = self.pool.apply_async(_run_stashed)
            finally:
                _STASH = None

    def result(self) -> T:
        if self.pool is None:
            return self.func(*self.args)
        try:
            return self.pending.get()
        finally:
            self.pool.terminate()
            self.pool.join()


def _run_chunk(bounds: tuple[int, int]) -> Any:
    assert _STASH is not None
    func, (items,) = _STASH
    return func(items[bounds[0] : bounds[1]])


def map_chunks(
    func: Callable[[Sequence[T]], R], items: Sequence[T], chunks: int, parallel: bool = True
) -> list[R]:
    """[func(chunk) for each of `chunks` consecutive slices of `items`], in order."""
    return list(iter_chunks(func, items, chunks, parallel))


def iter_chunks(
    func: Callable[[Sequence[T]], R], items: Sequence[T], chunks: int, parallel: bool = True
) -> Iterator[R]:
    """As `map_chunks`, each result yielded as soon as it and those before it are
    done, so the caller can write one chunk's pages while the workers render more."""
    global _STASH
    size = max(1, -(-len(items) // chunks))
    bounds = [(start, start + size) for start in range(0, len(items), size)]
    if not parallel or len(bounds) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for start, stop in bounds:
            yield func(items[start:stop])
        return
    _STASH = (func, (items,))
    try:
        pool = multiprocessing.get_context("fork").Pool(WORKERS)
    finally:
        _STASH = None  # the workers have it: they forked when the pool started
    # A window of WORKERS + 1 chunks in flight: with imap, workers faster than the
    # caller (who writes each chunk's pages) piled every finished chunk up here.
    with pool:
        waiting = iter(bounds)
        pending = deque(pool.apply_async(_run_chunk, (b,)) for b in islice(waiting, WORKERS + 1))
        while pending:
            result = pending.popleft().get()
            following = next(waiting, None)
            if following is not None:
                pending.append(pool.apply_async(_run_chunk, (following,)))
            yield result


def delete_later(folder: Path, prefix: str) -> None:
    """Delete `folder` in a detached process. That process first renames it to
    `<prefix><its pid>-<suffix>` beside itself, so a later build's clean-up of
    abandoned trees (which checks the pid) leaves it alone while it works and
    removes it if it died. Without fork, or if fork fails, it is deleted here."""
    if not hasattr(os, "fork"):
        shutil.rmtree(folder, ignore_errors=True)
        return
    child = os.fork()
    if child == 0:  # exits at once; its child, re-parented to init, does the work
        code = 0
        try:
            if os.fork() == 0:
                try:
                    suffix = folder.name.rsplit("-", 1)[-1]
                    mine = folder.with_name(f"{prefix}{os.getpid()}-{suffix}")
                    os.rename(folder, mine)
                    shutil.rmtree(mine, ignore_errors=True)
                finally:
                    os._exit(0)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    _, status = os.waitpid(child, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        shutil.rmtree(folder, ignore_errors=True)


def abandoned(parent: Path, prefix: str) -> list[Path]:
    """Folders `<prefix><pid>-*` in `parent` whose process is gone (a killed build)."""
    found = []
    for path in parent.glob(f"{prefix}*-*"):
        pid = path.name[len(prefix) :].split("-", 1)[0]
        if path.is_dir() and pid.isdigit() and not alive(int(pid)):
            found.append(path)
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
