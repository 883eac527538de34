"""Evaluate enrichment on the shared real data and print the figures.

    python benchmarks/eval_enrich.py

- area accuracy: the predicted area is among the paper's real arXiv categories
  (arxiv-labels-dev.jsonl, 2,174 papers, title + abstract only);
- related papers: share of top-5 neighbours that have at least one of Hugging
  Face's own `ai_keywords` in common with the paper (keywords hidden from us);
- tags: count and papers per tag; topics: papers per topic and the share in
  the catch-all "General" topics; time to enrich.
"""

from __future__ import annotations

import gzip
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import HF_DAILY, SHARED_DATA, machine  # noqa: E402
from generator.enrich import TAXONOMY_FILE, enrich  # noqa: E402
from generator.enrich.area_training import ids_file  # noqa: E402
from generator.enrich.areas import MODEL_FILE, AreaModel  # noqa: E402
from generator.enrich.keyphrase_training import tuning_half  # noqa: E402
from generator.enrich.keyphrases import WEIGHTS_FILE  # noqa: E402
from generator.enrich.lsa import BASIS_FILE  # noqa: E402
from generator.enrich.taxonomy import load_taxonomy  # noqa: E402
from generator.ingest import ingest_paths  # noqa: E402


def load_papers():
    collection, _ = ingest_paths([HF_DAILY])
    papers = list(collection)
    hidden = {p.arxiv_id: {k.lower() for k in p.keywords} for p in papers}
    for p in papers:
        p.keywords = []  # ai_keywords are the yardstick: never an input here
    return papers, hidden


def assert_honest(labels: list[dict]) -> None:
    """Figures on the dev labels count only for models fitted without them."""
    dev = {d["id"] for d in labels}
    for model in (MODEL_FILE, BASIS_FILE):
        trained = set(gzip.decompress(ids_file(model).read_bytes()).decode("utf-8").split())
        overlap = trained & dev
        assert not overlap, f"{model.name} was trained on {len(overlap)} dev papers"
        print(f"{model.name}: trained on {len(trained):,} papers, none of them dev-labelled")


def area_accuracy(papers, taxonomy) -> None:
    labels = [json.loads(line) for line in (SHARED_DATA / "arxiv-labels-dev.jsonl").open()]
    assert_honest(labels)
    by_id = {p.arxiv_id: p for p in papers}
    labelled = [(by_id[d["id"]], set(d["categories"])) for d in labels if d["id"] in by_id]
    codes = {code: set(area.codes) for code, area in taxonomy.areas.items()}

    def hit(area: str, cats: set[str]) -> bool:
        return bool(codes.get(area, {area}) & cats)

    model = AreaModel.load()
    start = time.perf_counter()
    probs = model.predict([p for p, _ in labelled])
    elapsed = time.perf_counter() - start
    raw = sum(
        hit(model.areas[i], cats) for i, (_, cats) in zip(probs.argmax(1), labelled, strict=True)
    )
    final = sum(hit(p.area, cats) for p, cats in labelled)
    n = len(labelled)
    print(f"area accuracy, classifier alone: {raw / n:.1%} of {n} labelled papers")
    print(f"area accuracy, as assigned (with topics): {final / n:.1%}  (target >= 90%)")
    print(f"classifier speed: {n / elapsed:,.0f} papers/s")
    print("  method comparison (CV inside the training corpus): benchmarks/compare_area_methods.py")


def assert_phrase_weights_tuning_half() -> None:
    """The key-phrase weights read keywords of the tuning half only."""
    trained = set(gzip.decompress(ids_file(WEIGHTS_FILE).read_bytes()).decode("utf-8").split())
    outside = {i for i in trained if not tuning_half(i)}
    assert not outside, f"{WEIGHTS_FILE.name} read keywords of {len(outside)} reporting papers"
    print(f"{WEIGHTS_FILE.name}: keywords of {len(trained):,} tuning-half papers, none reporting")


def _shares(papers, hidden) -> dict[bool, float]:
    """Per half (True: tuning), the share of top-5 neighbours sharing a keyword."""
    by_slug = {p.slug: p for p in papers}
    pairs = {True: 0, False: 0}
    shared = {True: 0, False: 0}
    for p in papers:
        half = tuning_half(p.arxiv_id)
        for r in p.related:
            pairs[half] += 1
            shared[half] += bool(hidden[p.arxiv_id] & hidden[by_slug[r.slug].arxiv_id])
    return {half: shared[half] / pairs[half] for half in pairs if pairs[half]}


def related_quality(papers, hidden) -> None:
    assert_phrase_weights_tuning_half()
    with_kw = [p for p in papers if hidden.get(p.arxiv_id)]
    enrich(with_kw)  # related papers computed among the papers that have keywords
    shares = _shares(with_kw, hidden)
    print(
        f"related papers: {shares[False]:.1%} of top-5 neighbours share an ai_keyword on the"
        f" reporting half (target >= 40%); {shares[True]:.1%} on the tuning half"
        f" ({len(with_kw)} papers with ai_keywords; reference TF-IDF cosine 30%)"
    )
    # Stricter: related papers among the reporting half alone, so that no neighbour
    # either is a paper whose keywords the weights were fitted on.
    alone = [p for p in with_kw if not tuning_half(p.arxiv_id)]
    enrich(alone)
    print(
        f"  among the reporting half alone ({len(alone)} papers):"
        f" {_shares(alone, hidden)[False]:.1%} (30.8% before the key-phrase weights)"
    )


def main() -> int:
    if not HF_DAILY.exists():
        print(f"skipped: {HF_DAILY} not found")
        return 0
    print(f"machine: {machine()}")
    taxonomy = load_taxonomy(TAXONOMY_FILE)
    papers, hidden = load_papers()
    start = time.perf_counter()
    cat = enrich(papers)
    print(f"enrich {len(papers)} papers: {time.perf_counter() - start:.1f}s")
    area_accuracy(papers, taxonomy)
    sizes = sorted(len(ps) for ps in cat.by_tag.values())
    print(
        f"tags: {len(sizes)}; papers per tag min {sizes[0]}, median "
        f"{statistics.median(sizes):g}, max {sizes[-1]}"
    )
    biggest = sorted(cat.by_tag.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:8]
    shares = ", ".join(f"{t} {len(ps) / len(papers):.1%}" for t, ps in biggest)
    print(f"largest tags (share of papers, target none over ~10%): {shares}")
    per_topic = Counter(p.topic for p in papers)
    general = sum(n for t, n in per_topic.items() if cat.taxonomy.topics[t].is_general)
    print(f"topics used: {len(per_topic)}; catch-all (General) share: {general / len(papers):.1%}")
    top_topic, top_n = per_topic.most_common(1)[0]
    print(f"largest topic: {top_topic} {top_n / len(papers):.1%} (target <= 15%)")
    for topic, n in per_topic.most_common():
        print(f"  {n:5d}  {cat.taxonomy.topics[topic].area:8s} {topic}")
    related_quality(papers, hidden)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
