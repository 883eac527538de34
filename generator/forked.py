"""Pure-Python work on the second core, in forked processes.

Threads would share one core (the GIL); processes started with `fork`
inherit the collection instead of receiving it pickled, and only their
results come back. Where fork is unavailable, or for small collections, the
same functions run inline, with the same results (tests/test_enrich_parallel.py,
tests/test_render_parallel.py).

- `Beside`: one step in a child while the caller does another (enrichment:
  phrase matching for tags and topics while the parent tokenises).
- `map_chunks`: a function over consecutive chunks of items in two workers,
  results in order (rendering pages).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
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
    global _STASH
    size = max(1, -(-len(items) // chunks))
    bounds = [(start, start + size) for start in range(0, len(items), size)]
    if not parallel or len(bounds) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [func(items[a:b]) for a, b in bounds]
    _STASH = (func, (items,))
    try:
        with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
            return pool.map(_run_chunk, bounds, chunksize=1)
    finally:
        _STASH = None
