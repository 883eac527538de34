"""Command line: `python -m generator build|serve|check`.

Exit codes: 0 success; 1 failure (one-line reason on stderr); 2 the build
finished but some entries or files were rejected (see the ingestion report);
with --strict, warnings count as failures too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
import time
from pathlib import Path

from generator.errors import GeneratorError
from generator.ingest.read import FORMATS

EXIT_OK, EXIT_FAILED, EXIT_REJECTED = 0, 1, 2
DESCRIPTION = """\
Turn Hugging Face paper listings into a searchable MkDocs Material site.

Pipeline: ingest (listing files) -> enrich (areas, topics, tags, related)
-> render (Markdown under docs/) -> site (MkDocs build into site/).
"""
EPILOG = """\
examples:
  python -m generator build                      build site/ from listings/
  python -m generator build more/ --site-dir out build from other listings
  python -m generator build --offline            site-offline/ (+ .zip) for file://
  python -m generator check listings/ --json     parse only, JSON report
  python -m generator serve                      preview with live reload
  python -m generator fetch                      new Daily Papers days into listings/hf
  python -m generator resolve                    arXiv ids for titles without one
"""


def _paths_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", type=Path, default=[Path("listings")],
        help="listing files or folders (default: listings/)",
    )  # fmt: skip
    parser.add_argument(
        "--format", choices=FORMATS, default="auto",
        help="input format; 'auto' detects it per file (default)",
    )  # fmt: skip
    parser.add_argument(
        "--strict", action="store_true", help="treat warnings (e.g. Latin-1 input) as failures"
    )


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="only print problems")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs config")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = sub.add_parser("build", help="ingest listings, write Markdown, build the site")
    _paths_argument(build)
    build.add_argument("--site-dir", type=Path, help="output folder (default: site/)")
    build.add_argument(
        "--search",
        choices=("auto", "material", "pagefind"),
        help="search backend (default from mkdocs.yml: auto = Pagefind above 2,000 papers)",
    )
    build.add_argument(
        "--engine",
        choices=("mkdocs", "properdocs"),
        default="mkdocs",
        help="site engine: MkDocs 1.6 (default) or ProperDocs, its maintained continuation",
    )
    build.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="processes rendering pages (default: $PAPER_SITE_JOBS, else every core)",
    )
    build.add_argument(
        "--offline",
        action="store_true",
        help="a site that works opened from disk (file://), in site-offline/ plus a .zip",
    )
    serve = sub.add_parser("serve", help="build, then preview with live reload")
    _paths_argument(serve)
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="host:port to serve on")
    csp = sub.add_parser("csp", help="print the CSP for a built site (--write: into netlify.toml)")
    csp.add_argument(
        "--site-dir", type=Path, default=Path("site"), help="built site (default: site/)"
    )
    csp.add_argument("--write", action="store_true", help="update netlify.toml")
    _fetch_parser(sub)
    _resolve_parser(sub)
    check = sub.add_parser("check", help="parse only and report what was found")
    _paths_argument(check)
    check.add_argument("--json", nargs="?", const="-", metavar="FILE", help="write JSON report")
    return parser


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _network_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base-url",
        help="API host (default: $PAPER_SITE_HF_BASE_URL, else https://huggingface.co)",
    )
    parser.add_argument(
        "--rate", type=float, default=1.0, help="at most N requests per second (default: 1)"
    )


def _fetch_parser(sub) -> None:
    fetch = sub.add_parser("fetch", help="fetch Daily Papers days from the HF API into listings/hf")
    when = fetch.add_mutually_exclusive_group()
    when.add_argument("--date", type=_iso_date, help="one day")
    when.add_argument(
        "--since", type=_iso_date, help="first day (default: after the newest file, or today)"
    )
    fetch.add_argument("--until", type=_iso_date, help="last day (default: today, UTC)")
    fetch.add_argument("--out", type=Path, default=Path("listings/hf"), help="folder of day files")
    fetch.add_argument("--refresh", action="store_true", help="fetch days already on disk again")
    fetch.add_argument("--today", type=_iso_date, help="the date taken as today (default: UTC)")
    _network_options(fetch)


def _resolve_parser(sub) -> None:
    resolve = sub.add_parser("resolve", help="look up arXiv ids for papers read without one")
    resolve.add_argument("paths", nargs="*", type=Path, default=[Path("listings")])
    resolve.add_argument(
        "--out", type=Path, default=Path("listings/resolved.yaml"), help="listing to write"
    )
    _network_options(resolve)


def _say(args: argparse.Namespace, message: str) -> None:
    if not args.quiet:
        print(message, file=sys.stderr, flush=True)


def _exit_code(report, strict: bool) -> int:
    if report.has_problems or (strict and report.warnings):
        return EXIT_REJECTED
    return EXIT_OK


def print_report(report) -> None:
    t = report.totals()
    print(
        f"{t['files']} files: {t['entries_found']} entries found -> "
        f"{t['papers_created']} papers created, {t['duplicates_merged']} duplicates merged, "
        f"{t['entries_rejected']} rejected"
    )
    for f in report.files:
        skipped = sum(f.skipped.values())
        print(
            f"  {f.file} [{f.format or '-'}]: {f.entries_found} found, {f.papers_created} created,"
            f" {f.duplicates_merged} merged, {f.entries_rejected} rejected, {skipped} lines skipped"
        )
    if report.skipped:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(report.skipped.items()))
        print(f"  skipped lines by kind: {kinds}")
    problems = [f"{f.file}: {f.error}" for f in report.file_errors]
    problems += [str(r) for r in report.rejections] + report.warnings
    for line in problems[:20]:
        print(f"  ! {line}")
    if len(problems) > 20:
        print(f"  ! … and {len(problems) - 20} more (see the ingestion report)")


def cmd_check(args: argparse.Namespace) -> int:
    from generator.ingest import ingest_paths

    _collection, report = ingest_paths(args.paths, args.format)
    if args.json:
        text = json.dumps(report.to_dict(), indent=2, ensure_ascii=False)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).write_text(text + "\n", encoding="utf-8")
    if args.json != "-":
        print_report(report)
    return _exit_code(report, args.strict)


def print_summary(result, seconds: float) -> None:
    cat = result.catalogue
    print_report(result.report)
    print(
        f"Built {len(cat.papers)} papers, {len(cat.by_topic)} topics in {len(cat.by_area)} areas,"
        f" {len(cat.by_tag)} tags; {result.written} Markdown files written,"
        f" {result.removed} removed."
    )
    stages = "  ".join(f"{name} {secs:.2f}s" for name, secs in result.timings.items())
    print(f"Time: {stages}  total {seconds:.2f}s")


def cmd_build(args: argparse.Namespace) -> int:
    from generator.build import build

    start = time.perf_counter()
    result = build(
        args.paths,
        args.site_dir,
        args.config,
        args.format,
        progress=lambda m: _say(args, m),
        offline=args.offline,
        search=args.search,
        engine=args.engine,
        jobs=args.jobs,
    )
    if not args.quiet:
        print_summary(result, time.perf_counter() - start)
    return _exit_code(result.report, args.strict)


def cmd_serve(args: argparse.Namespace) -> int:
    from generator.site.serve import serve

    serve(args.paths, args.config, args.format, args.dev_addr)
    return EXIT_OK


def cmd_fetch(args: argparse.Namespace) -> int:
    from generator.sources.fetch import date_range, default_since, fetch_range
    from generator.sources.http import PoliteClient, Politeness, base_url
    from generator.sources.progress import Progress

    if args.until and args.date:
        raise GeneratorError("--until goes with --since, not with --date")
    today = args.today or dt.datetime.now(dt.UTC).date()
    if args.rate <= 0:
        raise GeneratorError("--rate must be above 0")
    since = args.date or args.since or default_since(args.out, today)
    until = args.date or args.until or today
    if since > until:
        raise GeneratorError(f"--since {since} is after --until {until}")
    days = list(date_range(since, until))
    progress = Progress(len(days), "days", ("fetched", "skipped", "failed"), quiet=args.quiet)
    with PoliteClient(Politeness(rate=args.rate)) as client:
        outcomes = fetch_range(
            client, base_url(args.base_url), days, args.out, today, args.refresh, progress
        )
    progress.close()
    failed = [o for o in outcomes if o.outcome == "failed"]
    papers = sum(o.items for o in outcomes)
    print(
        f"fetch {since}..{until} into {args.out}: {progress.summary()};"
        f" {papers} papers in fetched days; {client.requests} requests, {client.retries} retries",
        file=sys.stderr,
    )
    for outcome in failed:
        print(f"  ! {outcome.day}: {outcome.reason}", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


def cmd_resolve(args: argparse.Namespace) -> int:
    from generator.sources.http import PoliteClient, Politeness, base_url
    from generator.sources.resolve import resolve_titles

    with PoliteClient(Politeness(rate=args.rate)) as client:
        result = resolve_titles(args.paths, args.out, client, base_url(args.base_url), args.quiet)
    print(result.summary(args.out), file=sys.stderr)
    for line in result.problems[:30]:
        print(f"  ! {line}", file=sys.stderr)
    return EXIT_FAILED if result.failed else EXIT_OK


def cmd_csp(args: argparse.Namespace) -> int:
    from generator.site.csp import inline_script_hashes, policy, update_netlify_toml

    if not (args.site_dir / "index.html").is_file():
        raise GeneratorError(f"{args.site_dir}: no built site here; run `build` first")
    csp = policy(inline_script_hashes(args.site_dir))
    print(csp)
    if args.write:
        changed = update_netlify_toml(Path("netlify.toml"), csp)
        _say(args, "netlify.toml updated" if changed else "netlify.toml already up to date")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.ERROR if args.quiet else logging.WARNING, format="%(levelname)s: %(message)s"
    )
    commands = {
        "build": cmd_build,
        "serve": cmd_serve,
        "check": cmd_check,
        "csp": cmd_csp,
        "fetch": cmd_fetch,
        "resolve": cmd_resolve,
    }
    try:
        return commands[args.command](args)
    except GeneratorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_FAILED
