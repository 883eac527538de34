"""Benchmark inputs: N papers made from the real shared records.

Beyond the 4,934 real records, copies get varied titles and rotated abstract
sentences so that slugs stay unique and texts are not exact duplicates. With
no shared data, synthetic text is used instead.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from benchmarks.common import HF_DAILY

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_WORDS = (
    "robust scalable efficient sparse adaptive unified hierarchical contrastive multimodal "
    "federated causal generative neural latent spectral temporal"
).split()


def real_records() -> list[dict]:
    records: list[dict] = []
    if not HF_DAILY.is_dir():
        return records
    for path in sorted(HF_DAILY.glob("*.json")):
        records.extend(item["paper"] for item in json.loads(path.read_text()))
    return records


def synthetic_record(i: int, rng: random.Random) -> dict:
    words = rng.choices(_WORDS, k=60)
    return {
        "id": f"9{i // 100000:03d}.{i % 100000:05d}",
        "title": f"{' '.join(rng.choices(_WORDS, k=6)).title()} {i}",
        "summary": ". ".join(" ".join(words[j : j + 12]) for j in range(0, 60, 12)) + ".",
        "authors": [{"name": "A. Author"}],
        "publishedAt": "2025-01-01T00:00:00.000Z",
        "upvotes": i % 50,
    }


def make_records(n: int, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    base = real_records()
    if not base:
        print(f"note: {HF_DAILY} not found; benchmark papers are synthetic", file=sys.stderr)
    out: list[dict] = []
    for i in range(n):
        if not base:
            out.append(synthetic_record(i, rng))
            continue
        record = dict(base[i % len(base)])
        copy = i // len(base)
        if copy:
            sentences = _SENTENCE.split(record["summary"])
            shift = copy % max(1, len(sentences))
            record["summary"] = " ".join(sentences[shift:] + sentences[:shift])
            record["title"] = f"{record['title']}: {rng.choice(_WORDS)} variant {copy}"
            record["id"] = f"{9000 + copy}.{i % 100000:05d}"
        out.append(record)
    return out


def write_listing(records: list[dict], folder: Path, per_file: int = 500) -> None:
    """Write records as HF daily-papers JSON files, `per_file` items each."""
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(records), per_file):
        chunk = [{"paper": r} for r in records[start : start + per_file]]
        (folder / f"part-{start // per_file:05d}.json").write_text(json.dumps(chunk))
