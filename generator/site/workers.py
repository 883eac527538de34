"""Render pages on every core: forked workers fill the page cache, MkDocs reuses it.

MkDocs renders pages one after another on one core. Both phases of a page are
per page once the nav exists: its Markdown (MkDocs' `_populate_page`) and its
template (`_build_page`). So the `paper-site` plugin forks workers twice:

1. when the nav is built (`on_nav`), each worker reads and renders the Markdown
   of every `jobs`-th page that the cache probably lacks (its source changed
   since the cached row);
2. when every page is populated (`on_env`), each worker renders the templates
   of every `jobs`-th page whose output the cache lacks.

Each worker writes its results into its own shard file; the parent merges the
shards into the page cache, and MkDocs' own loop then finds the pages there,
checking every key as it always does. A page that logs a warning in a worker
is not stored, so the parent renders it and the warning is counted by the
build that reports it. A worker that fails leaves its pages to the parent.
`tests/test_parallel_build.py` checks that builds with and without workers
write the same tree.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from generator.site.page_cache import PageCache, ShardCache, page_key
from generator.site.partial import pages_of

JOBS_ENV = "PAPER_SITE_JOBS"
MIN_PAGES = 64  # below this many pages to render, forking costs more than it saves
log = logging.getLogger("mkdocs.plugins.paper-site")


def job_count(configured: int) -> int:
    """`configured` if positive, else $PAPER_SITE_JOBS, else every core."""
    if configured > 0:
        return configured
    value = os.environ.get(JOBS_ENV, "")
    if value.strip().isdigit() and int(value) > 0:
        return int(value)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _quiet_logging() -> _Counter:
    """In a worker: count warnings, print nothing (the parent reports them)."""
    counter = _Counter()
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    for logger in loggers:
        if logger is logging.getLogger() or (logger.handlers and not logger.propagate):
            logger.handlers = [counter]
        else:
            logger.handlers = []
    return counter


Work = Callable[[Sequence[Any], Path], None]


def _fork_all(shares: Sequence[Sequence[Any]], work: Work) -> list[Path]:
    """Run `work(share, shard_path)` for each share in its own forked process;
    return the shards of the workers that finished."""
    folder = Path(tempfile.mkdtemp(prefix="paper-site-shards-"))
    children = []
    gc.freeze()  # a child's collections then skip the inherited heap, which stays shared
    for number, share in enumerate(shares):
        shard = folder / f"shard-{number}.sqlite"
        pid = os.fork()
        if pid == 0:  # the worker: never returns into MkDocs
            code = 1
            try:
                work(share, shard)
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        children.append((pid, shard))
    gc.unfreeze()
    done = []
    for pid, shard in children:
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) == 0 and shard.is_file():
            done.append(shard)
        else:
            log.info("page worker %d failed; its pages are rendered in the main process", pid)
    return done


def _merge(cache: PageCache, shards: list[Path]) -> None:
    for shard in shards:
        cache.merge(shard)
    if shards:
        shutil.rmtree(shards[0].parent, ignore_errors=True)


def _deal(items: Sequence[Any], jobs: int) -> list[list[Any]]:
    return [list(items[start::jobs]) for start in range(jobs)]


def render_markdown(plugin: Any, config: Any, files: Any, jobs: int) -> None:
    """Phase 1: Markdown of pages whose source changed since their cached row."""
    from mkdocs.commands.build import _populate_page
    from mkdocs.structure.pages import Page

    cache = plugin.cache
    clean = plugin.clean  # their sources are unchanged: no second stat
    pages = [f for f in pages_of(files) if f.src_uri not in clean and not cache.source_unchanged(f)]
    if jobs < 2 or len(pages) < MIN_PAGES or not hasattr(os, "fork"):
        return

    def work(share: Sequence[Any], shard_path: Path) -> None:
        counter = _quiet_logging()
        shard = ShardCache(shard_path, cache)
        plugin.cache = shard
        for file in share:
            page = file.page if file.page is not None else Page(None, file, config)
            before = counter.count
            _populate_page(page, config, files)
            if counter.count != before:
                shard.forget(file.src_uri)
        shard.commit()

    _merge(cache, _fork_all(_deal(pages, jobs), work))


def render_template(config: Any, nav: Any, env: Any, doc_files: Any, page: Any) -> None:
    """Render one page's template as MkDocs' loop would; the plugin's caching template
    stores the output, where the loop then finds it."""
    from mkdocs.commands.build import get_context

    config._current_page = page
    page.active = True
    context = get_context(nav, doc_files, config, page)
    context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
    env.get_template(page.meta.get("template", "main.html")).render(context)
    page.active = False


def render_templates(
    plugin: Any,
    config: Any,
    nav: Any,
    env: Any,
    files: Any,
    jobs: int,
    only: Callable[[Any], bool] | None = None,
) -> None:
    """Phase 2: templates of the pages whose output the cache lacks (`only`: of the
    files it accepts)."""
    cache = plugin.cache
    doc_files = pages_of(files)
    base = plugin.template_base
    pages = [
        f.page
        for f in doc_files
        if f.page is not None
        and f.src_uri in plugin.render_keys
        and (only is None or only(f))
        and not cache.has_output(f.src_uri, page_key(f.page, base))
    ]

    def render(page: Any) -> None:
        render_template(config, nav, env, doc_files, page)

    if jobs < 2 or len(pages) < MIN_PAGES or not hasattr(os, "fork"):
        return  # rendered by MkDocs' loop: the first output stored is the dictionary

    def work(share: Sequence[Any], shard_path: Path) -> None:
        counter = _quiet_logging()
        shard = ShardCache(shard_path, cache)
        plugin.cache = shard
        for page in share:
            before = counter.count
            render(page)
            if counter.count != before:
                shard.forget(page.file.src_uri)
        shard.commit()

    if cache.zdict is None:
        # The cache's compression dictionary is one page's output, rendered (in a
        # child, like every page here: rendering has side effects, such as the
        # search index) before the other workers fork, so all their rows share
        # it. A paper page, because most pages are paper pages.
        first = next((p for p in pages if p.file.src_uri.startswith("papers/")), pages[0])
        pages.remove(first)
        _merge(cache, _fork_all([[first]], work))
        cache.adopt_dictionary(first.file.src_uri)
    _merge(cache, _fork_all(_deal(pages, jobs), work))
