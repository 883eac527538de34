"""Build-speed benchmark: N-paper sites, ours against bare MkDocs on the same papers.

    python benchmarks/bench_build.py                 # 3,000 bare + ours, 10,000 ours
    python benchmarks/bench_build.py --sizes 100000 --bare  # the 100,000 row
    python benchmarks/bench_build.py --sizes 1000 100000 --generator-only

"bare" is MkDocs + Material building one page per paper (title and abstract
only, no nav entry), timed in the same run: the reference for issue 14's
ratio targets. The target table at the end says which targets this run met.

Inputs come from the real shared HF records (benchmarks/corpus.py), multiplied
with varied titles past 4,934. Each configuration runs in its own process so
peak memory is its own. "naive" puts every paper in the MkDocs nav and turns on
Material's tags plugin listings, the setup FIELD-NOTES.md measured as quadratic.
Prints: N, stage times, peak memory, output size, files per folder, page weight
and pages per second. After each full build of ours it adds a 50-paper listing
dated the day after the newest paper and rebuilds (the daily case: unchanged
Markdown is not rewritten and the page cache reuses unchanged pages' HTML), then
adds 50 old-dated papers and rebuilds again (a backfill), and prints both times;
the targets use the first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import ROOT, machine  # noqa: E402

ADDED = 50  # papers in the listing added for the incremental rebuild


def bare_build(n: int, work: Path) -> float:
    """Seconds for MkDocs + Material to build n pages of title and abstract."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from benchmarks.corpus import make_records

    docs = work / "docs"
    (docs / "papers").mkdir(parents=True)
    (docs / "index.md").write_text("# Papers\n")
    for i, record in enumerate(make_records(n)):
        text = f"# {record['title']}\n\n{record['summary']}\n"
        (docs / "papers" / f"p{i:06d}.md").write_text(text)
    (work / "mkdocs.yml").write_text(
        "site_name: Bare\ntheme:\n  name: material\nplugins:\n  - search\n"
        "not_in_nav: |\n  /papers/\nnav:\n  - index.md\n"
    )
    start = time.perf_counter()
    build(load_config(str(work / "mkdocs.yml"), site_dir=str(work / "site")))
    return time.perf_counter() - start


def make_project(folder: Path, naive: bool) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("overrides", "assets"):
        shutil.copytree(ROOT / "docs" / name, folder / "docs" / name, dirs_exist_ok=True)
    for page in ("benchmarks.md",):  # the hand-written page (About is generated)
        shutil.copy(ROOT / "docs" / page, folder / "docs" / page)
    config = (ROOT / "mkdocs.yml").read_text()
    if naive:
        config = config.replace("  - paper-site\n", "  - paper-site\n  - tags\n")
    (folder / "mkdocs.yml").write_text(config)
    return folder / "mkdocs.yml"


def naive_nav(config: Path) -> None:
    """Every paper page in the nav, and `tags:` front matter for Material's listings."""
    docs = config.parent / "docs"
    papers = sorted(p.relative_to(docs).as_posix() for p in docs.glob("papers/*/*.md"))
    for page in papers:
        text = (docs / page).read_text()
        (docs / page).write_text(text.replace("---\n", "---\ntags: [paper]\n", 1))
    (docs / "tag-listing.md").write_text("# Tag listings\n\n<!-- material/tags -->\n")
    head = config.read_text().split("\nnav:\n")[0].replace("  /papers/\n", "")
    nav = ["index.md", "topics/index.md", "tags/index.md", "tag-listing.md"]
    lines = [f"  - {p}\n" for p in nav] + ["  - Papers:\n"] + [f"    - {p}\n" for p in papers]
    config.write_text(head + "\nnav:\n" + "".join(lines))


def folder_stats(site: Path) -> tuple[int, int, float]:
    """(largest number of entries in one folder, total bytes, median paper page KB)."""
    largest = max(len(os.listdir(d)) for d, _dirs, _files in os.walk(site))
    total = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    pages = sorted(f.stat().st_size for f in site.glob("papers/*/*/index.html")) or [0]
    return largest, total, pages[len(pages) // 2] / 1024


def add_listing(n: int, work: Path, config: Path, kind: str = "incr") -> dict:
    """Add one 50-paper listing to the built site and rebuild (page cache warm).

    kind "incr": the daily case, papers published and listed the day after the
    newest paper of the site, so they go to the top of every listing. Kind
    "incr2": the same again, the day after "incr" (a second day of the loop).
    Kind "backfill": the next 50 records as they are, copies of real records of
    2024, so they land deep inside the listings (every rebuild before 2026-12-06
    added papers this way)."""
    from benchmarks.corpus import make_records
    from generator.build import generate
    from generator.site import build_site

    records = make_records(n + 3 * ADDED)
    built = {"incr": n, "backfill": n + ADDED, "incr2": n + 2 * ADDED}[kind]
    items = [{"paper": r} for r in records[built : built + ADDED]]
    if kind == "incr":
        items = next_day(records[:n], items)
    elif kind == "incr2":
        before = json.loads((work / "listings" / "zz-incr.json").read_text())
        items = next_day(records[:n] + [item["paper"] for item in before], items)
    (work / "listings" / f"zz-{kind}.json").write_text(json.dumps(items))
    settle(work)
    start = time.perf_counter()
    result = generate([work / "listings"], config)
    middle = time.perf_counter()
    build_site(config, work / "site")
    end = time.perf_counter()
    return {
        f"{kind}_generate": middle - start,
        f"{kind}_site": end - middle,
        f"{kind}_total": end - start,
        f"{kind}_written": result.written,
        f"{kind}_timings": result.timings,
    }


def settle(work: Path, limit: float = 120.0) -> float:
    """Wait until the previous build's replaced trees are deleted (forked.delete_later
    does it in the background, 4 s or more of a core at 10,000 papers), as they are
    when the next day's build starts. Without this, a rebuild timed right after a build
    shared the machine with that deletion. Returns the seconds waited."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if not any(f for d in (work, work / "project") for f in d.glob(".*.old-*")):
            break
        time.sleep(0.2)
    return time.perf_counter() - start


def next_day(built: list[dict], items: list[dict]) -> list[dict]:
    """`items` as the listing of the day after the newest date in `built`."""
    dates = [r.get(k) or "" for r in built for k in ("publishedAt", "submittedOnDailyAt")]
    day = dt.date.fromisoformat(max(dates)[:10]) + dt.timedelta(days=1)
    stamp = f"{day.isoformat()}T12:00:00.000Z"
    out = []
    for item in items:
        paper = {**item["paper"], "publishedAt": stamp}
        if "submittedOnDailyAt" in paper:
            paper["submittedOnDailyAt"] = stamp
        out.append({"paper": paper, "publishedAt": stamp})
    return out


def cache_kb_per_page(config: Path) -> float:
    cache = config.parent / ".cache" / "paper-site" / "pages.sqlite"
    pages = sum(1 for _ in (config.parent / "docs").rglob("*.md"))
    return cache.stat().st_size / 1024 / max(pages, 1) if cache.is_file() else 0.0


def run_one(n: int, naive: bool, generator_only: bool, incremental: bool = True) -> dict:
    from benchmarks.corpus import make_records, write_listing
    from generator.build import generate
    from generator.site import build_site

    work = Path(tempfile.mkdtemp(prefix=f"bench-{n}-"))
    try:
        if os.environ.get("BENCH_CONFIG") == "bare":
            seconds = bare_build(n, work)
            row = {"n": n, "config": "bare", "ingest": 0.0, "enrich": 0.0, "render": 0.0}
            row.update(site=seconds, total=seconds, largest_docs_folder=n)
            row["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            row["generator_peak_mb"] = 0.0
            row["largest_folder"], row["bytes"], row["paper_kb"] = folder_stats(work / "site")
            return row
        write_listing(make_records(n), work / "listings")
        config = make_project(work / "project", naive)
        start = time.perf_counter()
        result = generate([work / "listings"], config)
        timings = dict(result.timings)
        row = {"n": n, "config": "naive" if naive else "ours", **timings}
        row["generator_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if not generator_only:
            if naive:
                naive_nav(config)
            t = time.perf_counter()
            build_site(config, work / "site")
            row["site"] = time.perf_counter() - t
            row["largest_folder"], row["bytes"], row["paper_kb"] = folder_stats(work / "site")
            row["cache_kb"] = cache_kb_per_page(config)
        row["total"] = time.perf_counter() - start
        row["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if incremental and not generator_only and not naive:
            row.update(add_listing(n, work, config, "incr"))
            row.update(add_listing(n, work, config, "incr2"))
            row.update(add_listing(n, work, config, "backfill"))
        docs_largest = max(len(os.listdir(d)) for d, _, _ in os.walk(config.parent / "docs"))
        row["largest_docs_folder"] = docs_largest
        return row
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3000, 10000])
    parser.add_argument("--bare", type=int, nargs="*", default=[3000], help="sizes for bare")
    parser.add_argument("--naive", type=int, nargs="*", default=[], help="sizes for naive")
    parser.add_argument("--generator-only", action="store_true", help="skip the MkDocs build")
    parser.add_argument(
        "--no-incremental", action="store_true", help="skip the add-a-listing rebuild"
    )
    parser.add_argument("--one", nargs=2, metavar=("N", "CONFIG"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        if args.one[1] == "bare":
            os.environ["BENCH_CONFIG"] = "bare"
        naive = args.one[1] == "naive"
        row = run_one(int(args.one[0]), naive, args.generator_only, not args.no_incremental)
        print(json.dumps(row))
        return 0
    runs = [(n, "bare") for n in args.bare if not args.generator_only]
    runs += [(n, "naive") for n in args.naive if not args.generator_only]
    runs += [(n, "ours") for n in args.sizes]
    print(f"machine: {machine()}")
    header = f"{'N':>7} {'config':>6} {'ingest':>7} {'enrich':>7} {'render':>7} {'site':>7} "
    header += (
        f"{'total':>7} {'peak MB':>8} {'out MB':>7} {'max dir':>8} {'page KB':>8} {'pages/s':>8}"
    )
    print(header)
    rows = {}
    for n, config in runs:
        command = [sys.executable, __file__, "--one", str(n), config]
        if args.generator_only:
            command.append("--generator-only")
        if args.no_incremental:
            command.append("--no-incremental")
        out = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        if out.returncode:
            print(f"{n:>7} {config:>6} FAILED: {out.stderr.strip().splitlines()[-1:]}")
            continue
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows[(n, config)] = row
        site = row.get("site", 0.0)
        largest = row.get("largest_folder", row["largest_docs_folder"])
        print(
            f"{n:>7} {config:>6} {row['ingest']:>7.1f} {row['enrich']:>7.1f} {row['render']:>7.1f}"
            f" {site:>7.1f} {row['total']:>7.1f} {row['peak_mb']:>8.0f}"
            f" {row.get('bytes', 0) / 1e6:>7.0f} {largest:>8}"
            f" {row.get('paper_kb', 0):>8.1f} {n / row['total']:>8.0f}",
            flush=True,
        )
    for (n, _config), row in rows.items():
        kinds = (("incr", "the next day's"), ("incr2", "the day after's"),
                 ("backfill", "an old-dated"))  # fmt: skip
        for kind, what in kinds:
            if f"{kind}_total" not in row:
                continue
            get = {key: row[f"{kind}_{key}"] for key in ("total", "generate", "written", "site")}
            stages = ", ".join(f"{k} {v:.1f}" for k, v in row[f"{kind}_timings"].items())
            print(
                f"add {what} {ADDED}-paper listing to {n:,} papers and rebuild: "
                f"{get['total']:.1f} s = generate {get['generate']:.1f} ({stages};"
                f" {get['written']} Markdown files written) + site {get['site']:.1f}"
            )
    for (n, config), row in rows.items():
        print(
            f"{n:,} {config}: peak RSS after the generator stages {row['generator_peak_mb']:.0f} MB"
        )
    for n in args.naive:
        if (n, "naive") in rows and (n, "ours") in rows:
            ratio = rows[(n, "naive")]["total"] / rows[(n, "ours")]["total"]
            print(f"naive / ours at {n} papers: {ratio:.1f}x the time")
    print_targets(rows)
    return 0


def print_targets(rows: dict) -> None:
    """Issue 14's targets, as measured in this run ("-": not measured in this run)."""

    def get(n: int, config: str, key: str) -> float | None:
        return rows.get((n, config), {}).get(key)

    def row(name: str, value: float | None, text: str, limit: float, goal: str) -> None:
        status = "-" if value is None else ("met" if value <= limit else "MISSED")
        shown = "-" if value is None else text.format(value)
        print(f"{name:<44} {shown:>16} {goal:>14} {status:>7}")

    ours3, bare3 = get(3000, "ours", "total"), get(3000, "bare", "total")
    incr3 = get(3000, "ours", "incr_total")
    big = rows.get((100000, "ours"), {})
    print(f"\n{'target':<44} {'measured':>16} {'goal':>14} {'status':>7}")
    row("3,000 cold / bare MkDocs (same run)", ours3 / bare3 if ours3 and bare3 else None,
        "{:.2f}x", 1.3, "<= 1.3x")  # fmt: skip
    row("+50 papers at 3,000 / cold at 3,000", incr3 / ours3 if incr3 and ours3 else None,
        "{:.3f}x", 0.15, "<= 0.15x")  # fmt: skip
    row("+50 papers at 10,000", get(10000, "ours", "incr_total"), "{:.1f} s", 10, "<= 10 s")
    row("10,000 cold", get(10000, "ours", "total"), "{:.1f} s", 60, "<= 60 s")
    full = big.get("total") if "site" in big else None
    row("100,000 full build", full, "{:.0f} s", 900, "<= 900 s")
    row("100,000 full build peak memory", big.get("peak_mb") if full else None,
        "{:.0f} MB", 4096, "<= 4,096 MB")  # fmt: skip
    generator = sum(big.get(k, 0) for k in ("ingest", "enrich", "render")) if big else None
    row("100,000 generator alone", generator, "{:.0f} s", 60, "<= 60 s")
    row("100,000 generator peak memory", big.get("generator_peak_mb"), "{:.0f} MB", 2048,
        "<= 2,048 MB")  # fmt: skip
    ours = [r for (n, c), r in rows.items() if c == "ours" and "site" in r]
    largest = max((r["n"] for r in ours), default=None)
    pick = rows.get((largest, "ours"), {}) if largest else {}
    row(f"page cache per page at {largest or 0:,}", pick.get("cache_kb"), "{:.1f} KB", 10,
        "<= 10 KB")  # fmt: skip
    row(f"paper page (median) at {largest or 0:,}", pick.get("paper_kb"), "{:.1f} KB", 30,
        "<= 30 KB")  # fmt: skip
    row(f"largest folder at {largest or 0:,}", pick.get("largest_folder"), "{:,.0f}", 10_000,
        "<= 10,000")  # fmt: skip
    print("first hosted search query at 10,000: benchmarks/bench_search.py")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
