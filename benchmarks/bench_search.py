"""Search in the browser: bytes per first query and time to first result.

    python benchmarks/bench_search.py [N ...]      (default: 1000 10000)

For each N it builds, from the real shared records, the hosted site with
Pagefind, the hosted site with Material's search (at N <= 2,000 only), and the
offline site; then Chromium (Playwright) loads the home page, types a query and
records the bytes transferred from the first keystroke to the first result and
the time from the last keystroke to the first result. The local server
compresses text files with gzip, as Netlify does. Budget (issue 6): at
10,000 papers at most 300 KB and 300 ms for the hosted search.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_build import make_project  # noqa: E402
from benchmarks.common import machine  # noqa: E402
from benchmarks.corpus import make_records, write_listing  # noqa: E402
from generator.build import build  # noqa: E402
from tests.browser import browser_page, serve_directory  # noqa: E402

QUERY = "diffusion"
SECOND, SECOND_HIT = "transformer", "ransformer"
RESULT = {"pagefind": ".pagefind-ui__result", "material": ".md-search-result__item"}


def measure(url: str, backend: str) -> tuple[int, float, float]:
    """(bytes for the first query, seconds to its first result, seconds to the first
    result of a second query once the search is loaded)."""
    with browser_page() as page:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        sizes: list[int] = []
        # Bytes on the wire (compressed when the server compresses), as Netlify serves them.
        page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"]))
        page.keyboard.press("/")
        page.keyboard.type(QUERY[:-1], delay=30)
        page.keyboard.press(QUERY[-1])
        start = time.perf_counter()
        page.locator(RESULT[backend]).first.wait_for(timeout=120_000)
        elapsed = time.perf_counter() - start
        page.wait_for_timeout(300)  # let the first result's fragments finish
        first_bytes = sum(sizes)
        box = page.locator("#ps-pagefind-ui input, input.md-search__input").first
        box.fill("")
        page.wait_for_timeout(300)
        page.keyboard.type(SECOND[:-1], delay=30)
        page.keyboard.press(SECOND[-1])
        start = time.perf_counter()
        page.locator(RESULT[backend], has_text=SECOND_HIT).first.wait_for(timeout=120_000)
        return first_bytes, elapsed, time.perf_counter() - start


def main(argv: list[str]) -> int:
    hosted_only = "--hosted-only" in argv
    sizes = [int(a) for a in argv if a.isdigit()] or [1000, 10000]
    print(f"machine: {machine()}; query {QUERY!r}")
    columns = ("papers", "build", "first query KB", "first ms", "loaded ms", "index KB/paper")
    widths = (7, 16, 15, 9, 10, 15)
    print(" ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
    for n in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"search-{n}-"))
        try:
            write_listing(make_records(n), work / "listings")
            config = make_project(work / "project", naive=False)
            runs = [("pagefind", False)] + ([] if hosted_only else [("offline", True)])
            if n <= 2000:
                runs.insert(1, ("material", False))
            for name, offline in runs:
                site = work / name
                backend = "pagefind" if name == "pagefind" else "material"
                build([work / "listings"], site, config, offline=offline,
                      search=None if offline else backend)  # fmt: skip
                if offline:
                    index = site / "search" / "search_index.js"
                    kb, ms, warm = measure((site / "index.html").as_uri(), "material")
                else:
                    index = site / ("pagefind" if backend == "pagefind" else "search")
                    # Bytes with gzip (as Netlify serves); time without (our test
                    # server compresses on every request, which a CDN does not).
                    with serve_directory(site, gzip_text=True) as url:
                        kb, _, _ = measure(url, backend)
                    with serve_directory(site) as url:
                        _, ms, warm = measure(url, backend)
                folders = [index] if index.is_file() else list(site.glob(f"{index.name}*"))
                index_bytes = sum(  # every Pagefind bundle: pagefind/, pagefind-1/, ...
                    f.stat().st_size for folder in folders
                    for f in ([folder] if folder.is_file() else folder.rglob("*")) if f.is_file()
                )  # fmt: skip
                print(
                    f"{n:>7} {name:>16} {kb / 1024:>15.0f} {ms * 1000:>9.0f} {warm * 1000:>10.0f}"
                    f" {index_bytes / n / 1024:>15.2f}",
                    flush=True,
                )
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
