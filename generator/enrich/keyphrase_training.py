"""Fit the shipped key-phrase weights (keyphrases.py) from Hugging Face's `ai_keywords`.

    python -m generator.enrich.keyphrase_training [HF_PAPERS_DIR]   # default: the shared one

Only the *tuning half* of the shared HF papers is read for keywords (crc32 of
the arXiv id even); benchmarks/eval_enrich.py reports the related-paper figure
on the other half, whose keywords nothing here sees. The smoothing and the
power are chosen by 2-fold cross-validation inside the tuning half: weights
fitted on one fold, related papers computed among the tuning half, scored on
the other fold's papers (the share of top-5 neighbours sharing a keyword).
The ids fitted on are written next to the table (keyphrase_weights.ids.txt.gz).
No area label is involved: the table only weighs phrases for related papers.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import sys
import time
import zlib
from collections import Counter
from pathlib import Path

from generator.enrich import enrich
from generator.enrich.area_training import SHARED, ids_file
from generator.enrich.keyphrases import WEIGHTS_FILE, PhraseWeights, paper_phrases
from generator.ingest import ingest_paths
from generator.paper import Paper

HF_PAPERS = SHARED / "hf-daily-papers"
SMOOTHING = (1.0, 2.0, 5.0)  # pseudo-papers at the overall keyword share
POWERS = (0.5, 0.75, 1.0)


def tuning_half(arxiv_id: str) -> bool:
    """Papers whose keywords may fit or tune related papers; the rest only report."""
    return zlib.crc32(arxiv_id.encode("utf-8")) % 2 == 0


def _fold(arxiv_id: str) -> int:
    # Not crc32 again: its parity for another salt is a fixed function of this one.
    return hashlib.md5(arxiv_id.encode("utf-8")).digest()[0] % 2


def keyword_papers(folder: Path) -> tuple[list[Paper], dict[str, set[str]]]:
    """Tuning-half papers with keywords, the keywords taken off them (never an input)."""
    collection, _ = ingest_paths([folder])
    papers = [p for p in collection if p.keywords and p.arxiv_id and tuning_half(p.arxiv_id)]
    keywords = {p.arxiv_id: {k.lower() for k in p.keywords} for p in papers}
    for p in papers:
        p.keywords = []
    return papers, keywords


def fit(
    papers: list[Paper], keywords: dict[str, set[str]], smoothing: float, power: float
) -> PhraseWeights:
    seen: Counter[str] = Counter()
    chosen: Counter[str] = Counter()
    for paper, phrases in zip(papers, paper_phrases(papers), strict=True):
        mine = keywords[paper.arxiv_id]
        seen.update(phrases)
        chosen.update(p for p in phrases if p in mine)
    prior = sum(chosen.values()) / max(1, sum(seen.values()))
    table = {
        phrase: ((chosen[phrase] + smoothing * prior) / (n + smoothing)) ** power
        for phrase, n in seen.items()
    }
    return PhraseWeights(round(prior**power, 4), table)


def neighbour_share(
    papers: list[Paper], keywords: dict[str, set[str]], weights: PhraseWeights, scored: set[str]
) -> float:
    """Share of the `scored` papers' top-5 neighbours that share a keyword with them."""
    enrich(papers, phrase_weights=weights)
    by_slug = {p.slug: p for p in papers}
    pairs = shared = 0
    for paper in papers:
        if paper.arxiv_id not in scored:
            continue
        for related in paper.related:
            pairs += 1
            shared += bool(keywords[paper.arxiv_id] & keywords[by_slug[related.slug].arxiv_id])
    return shared / max(1, pairs)


def choose(papers: list[Paper], keywords: dict[str, set[str]]) -> tuple[float, float]:
    folds = [[p for p in papers if _fold(p.arxiv_id) == f] for f in (0, 1)]
    best: tuple[float, float, float] | None = None
    for smoothing, power in itertools.product(SMOOTHING, POWERS):
        shares = []
        for f in (0, 1):
            weights = fit(folds[1 - f], keywords, smoothing, power)
            scored = {p.arxiv_id for p in folds[f]}
            shares.append(neighbour_share(papers, keywords, weights, scored))
        mean = sum(shares) / 2
        print(f"  smoothing {smoothing:g}, power {power:g}: CV share {mean:.1%}")
        if best is None or mean > best[0]:
            best = (mean, smoothing, power)
    assert best is not None
    return best[1], best[2]


def main(argv: list[str]) -> int:
    start = time.perf_counter()
    folder = Path(argv[0]) if argv else HF_PAPERS
    papers, keywords = keyword_papers(folder)
    if not papers:
        raise SystemExit(f"{folder}: no tuning-half paper with ai_keywords")
    print(f"{len(papers):,} tuning-half papers with keywords")
    smoothing, power = choose(papers, keywords)
    print(f"  chosen by CV: smoothing {smoothing:g}, power {power:g}")
    weights = fit(papers, keywords, smoothing, power)
    weights.dump(WEIGHTS_FILE)
    ids = "\n".join(sorted(p.arxiv_id for p in papers)) + "\n"
    with gzip.GzipFile(ids_file(WEIGHTS_FILE), "wb", mtime=0) as handle:
        handle.write(ids.encode("utf-8"))
    size = WEIGHTS_FILE.stat().st_size / 1e6
    print(
        f"wrote {WEIGHTS_FILE} ({len(weights.table):,} phrases, {size:.1f} MB)"
        f" in {time.perf_counter() - start:.0f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
