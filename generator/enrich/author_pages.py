"""Rebuild the fixed author pages (generator/data/author_pages.yaml).

    python -m generator.enrich.author_pages [FOLDER]   # default: the shared HF records

Author entries are on A–Z pages, like a dictionary's guide words: each page
holds the anchors from its start key up to the next page's (authors.py). The
pages used to split by one more letter when a prefix passed 200 authors, which
depended on the collection: one added paper could move hundreds of authors to
new pages and change the author links of every paper page naming them (at
3,000 papers, adding 50 rewrote about 500 paper pages for that alone). The start
keys are now fixed, cut so that each page holds about the same share of the
author names in the shared Hugging Face records: PAGES pages, every initial
starting a page of its own. There, 4,934 papers give 9,163 authors with an
entry, about 36 a page.

An archive ten times that size would make every page ten times longer, and a
daily rebuild rewrites most author pages (the new papers' authors are spread
over the alphabet). So there are LEVELS finer sets of start keys, each cutting
every page of the one before in two at its median name: 256, 512, 1,024 and
2,048 pages. A collection uses the coarsest level whose pages hold at most
authors.LINKS_PER_PAGE paper links on average. The level only rises as an
archive grows, three times at most, and each rise moves authors to new pages
once; between rises no author moves.
"""

from __future__ import annotations

import json
import string
import sys
from pathlib import Path

from generator.enrich.authors import PAGES_FILE, author_anchor, author_key, letters

PAGES = 256
LEVELS = 3  # finer sets of start keys: 512, 1,024 and 2,048 pages
SHARED_HF = Path(__file__).resolve().parents[3] / "shared" / "data" / "hf-daily-papers"


def shortest_start(previous: str, first: str) -> str:
    """The shortest prefix of `first` that sorts after `previous`."""
    for n in range(1, len(first) + 1):
        if first[:n] > previous:
            return first[:n]
    return first


def page_starts(keys: list[str], pages: int = PAGES) -> list[str]:
    """Start keys cutting the sorted `keys` into about `pages` equal runs; every initial
    (a-z, 0-9) starts a page, so no page spans two initials."""
    keys = sorted(set(keys))
    per_page = max(1, len(keys) // pages)
    starts = set(string.ascii_lowercase + string.digits)
    for initial in sorted(starts):
        run = [k for k in keys if k[0] == initial]
        for cut in range(per_page, len(run), per_page):
            starts.add(shortest_start(run[cut - 1], run[cut]))
    return sorted(starts)


def finer_starts(keys: list[str], starts: list[str]) -> list[str]:
    """A start key in the middle of each page of `starts` holding two names or more."""
    keys = sorted(set(keys))
    bounds = [*starts[1:], "\uffff"]
    added = []
    for start, end in zip(starts, bounds, strict=True):
        run = [k for k in keys if start <= k < end and k[0] == start[0]]
        if len(run) >= 2:
            mid = len(run) // 2
            key = shortest_start(run[mid - 1], run[mid])
            if key > start:
                added.append(key)
    return added


def quoted(keys: list[str]) -> str:
    """A YAML flow list of strings, quoted so that no key reads as a number or a boolean."""
    return json.dumps(keys, ensure_ascii=False)


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else SHARED_HF
    names = {
        author_key(a.get("name", ""))
        for path in sorted(folder.glob("*.json"))
        for item in json.loads(path.read_text(encoding="utf-8"))
        for a in item.get("paper", {}).get("authors", [])
    } - {""}
    keys = [k for k in (letters(author_anchor(name)) for name in names) if k]
    starts = page_starts(keys)
    levels, current = [], list(starts)
    for _ in range(LEVELS):
        added = finer_starts(keys, current)
        levels.append(added)
        current = sorted([*current, *added])
    header = (__doc__ or "").split("\n\n", 2)[2].strip().replace("\n", "\n# ")
    finer = "".join(f"  - {quoted(level)}\n" for level in levels)
    PAGES_FILE.write_text(
        f"# {header}\n# Made from {len(names):,} author names.\n"
        f"pages: {quoted(starts)}\nfiner:\n{finer}",
        encoding="utf-8",
    )
    sizes = [len(starts)] + [len(starts) + sum(map(len, levels[: i + 1])) for i in range(LEVELS)]
    print(f"{sizes} pages by level, from {len(names):,} names -> {PAGES_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
