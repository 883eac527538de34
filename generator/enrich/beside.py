"""Run one pure-Python step in a forked process while the caller does another.

Enrichment has two halves that do not depend on each other until the end:
tokenising for the classifier and related papers (NumPy/SciPy) and phrase
matching for tags and topics (pure Python, so threads would share one core).
With `fork` the child inherits the papers instead of receiving them pickled;
only its small result (tags and topic scores per paper) comes back. Where
fork is unavailable, or for small collections, the step runs inline when its
result is asked for; both paths give the same result (tests/test_enrich_parallel.py).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")
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
