"""Tags from the editable vocabulary, plus recurring method and model names."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator import data_yaml
from generator.enrich.phrases import Context, PhraseMatcher, split_keywords, tokens
from generator.errors import DataFileError
from generator.paper import Paper

# ProPainter, DenseNet, ViT, DINOv2, YOLOv4, DETR, CLIP, MASt3R
_NAME = re.compile(r"\b(?:[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+|[A-Z]{2,}[a-z]?[A-Z0-9]*(?:v\d{1,2})?)\b")


@dataclass
class Vocabulary:
    synonyms: dict[str, list[str]]  # tag -> phrases
    ignore_names: frozenset[str]
    generic: frozenset[str]
    min_papers: int = 2
    max_per_paper: int = 8
    max_share: float = 1.0  # tags on more of the papers are too broad to be tags
    broad_min_papers: int = 1000  # collections smaller than this keep broad tags
    context: dict[tuple[str, str], Context] = field(default_factory=dict)  # (tag, phrase)

    def matcher(self) -> PhraseMatcher:
        return PhraseMatcher(
            (phrase, tag, self.context.get((tag, phrase), ()))
            for tag, phrases in self.synonyms.items()
            for phrase in [tag, *phrases]
        )


def load_vocabulary(path: Path) -> Vocabulary:
    try:
        data = data_yaml.load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(f"{path}: cannot read tag vocabulary: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("tags"), dict):
        raise DataFileError(f"{path}: expected a mapping with a 'tags' mapping of tag -> phrases")
    generic = frozenset(str(w).lower() for w in data.get("generic") or [])
    bad = [t for t in data["tags"] if str(t).lower() in generic]
    if bad:
        raise DataFileError(f"{path}: tags {bad} are listed as generic words")
    synonyms: dict[str, list[str]] = {}
    context: dict[tuple[str, str], Context] = {}
    for tag, items in data["tags"].items():
        try:
            phrases, contexts = split_keywords(items or [])
        except ValueError as exc:
            raise DataFileError(f"{path}: tag {tag!r}: {exc}") from exc
        synonyms[str(tag).lower()] = phrases
        context.update({(str(tag).lower(), p): c for p, c in contexts.items()})
    return Vocabulary(
        synonyms=synonyms,
        ignore_names=frozenset(str(n) for n in data.get("ignore_names") or []),
        generic=generic,
        min_papers=int(data.get("min_papers", 2)),
        max_per_paper=int(data.get("max_tags_per_paper", 8)),
        max_share=float(data.get("max_share", 1.0)),
        broad_min_papers=int(data.get("broad_min_papers", 1000)),
        context=context,
    )


def _candidate_names(paper: Paper, vocab: Vocabulary, known: PhraseMatcher) -> Counter[str]:
    names: Counter[str] = Counter()
    for match in _NAME.finditer(f"{paper.title} . {paper.abstract}"):
        name = match.group(0)
        if name in vocab.ignore_names or name.lower() in vocab.generic or len(name) < 3:
            continue
        if known.count(tokens(name)):
            continue  # a synonym of a vocabulary tag (e.g. "ViT")
        names[name] += 1
    return names


# A paper's own tag evidence: vocabulary tags ranked by weight, and the names it
# mentions with their counts. Depends on the paper's text alone (kept between builds).
Candidates = tuple[list[str], Counter[str]]


def tag_candidates(
    papers: list[Paper],
    vocab: Vocabulary,
    title_tokens: list[list[str]],
    abstract_tokens: list[list[str]],
) -> list[Candidates]:
    matcher = vocab.matcher()
    found: list[Candidates] = []
    for index, paper in enumerate(papers):
        text = title_tokens[index] + abstract_tokens[index]  # where contexts are looked for
        scores = matcher.count(title_tokens[index], text)
        for tag in scores:
            scores[tag] *= 3
        scores.update(matcher.count(abstract_tokens[index], text))
        ranked = sorted(scores, key=lambda t: (-scores[t], t))
        found.append((ranked, _candidate_names(paper, vocab, matcher)))
    return found


def choose_tags(papers: list[Paper], vocab: Vocabulary, found: list[Candidates]) -> None:
    """Vocabulary tags ranked by weight, then names seen in >= min_papers papers."""
    name_df: Counter[str] = Counter()
    for _, names in found:
        name_df.update(names.keys())
    candidates = []
    for ranked, names in found:
        recurring = sorted(
            (n for n in names if name_df[n] >= vocab.min_papers), key=lambda n: (-names[n], n)
        )
        candidates.append(ranked + recurring)
    df = Counter(tag for ranked in candidates for tag in set(ranked))
    broad = broad_tags(df, len(papers), vocab)
    for paper, ranked in zip(papers, candidates, strict=True):
        kept = [t for t in ranked if df[t] >= vocab.min_papers and t not in broad]
        paper.tags = kept[: vocab.max_per_paper]
    final = Counter(tag for paper in papers for tag in paper.tags)
    for paper in papers:
        paper.tags = [t for t in paper.tags if final[t] >= vocab.min_papers]


def assign_tags(
    papers: list[Paper],
    vocab: Vocabulary,
    title_tokens: list[list[str]],
    abstract_tokens: list[list[str]],
) -> None:
    choose_tags(papers, vocab, tag_candidates(papers, vocab, title_tokens, abstract_tokens))


def broad_tags(df: Counter[str], n_papers: int, vocab: Vocabulary) -> set[str]:
    """Tags on more than `max_share` of a large collection: left to the topics."""
    if n_papers < vocab.broad_min_papers:
        return set()
    return {tag for tag, n in df.items() if n > vocab.max_share * n_papers}
