"""Areas and topics from the editable taxonomy file; one primary topic per paper."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.enrich.phrases import PhraseMatcher, tokens
from generator.errors import DataFileError
from generator.paper import Paper

TITLE_WEIGHT = 4
ABSTRACT_CAP = 3  # repeating a word ten times in an abstract is not ten times the evidence
SECONDARY_MIN_SHARE = 0.5  # a secondary topic scores at least half the primary


@dataclass
class Area:
    code: str
    name: str
    description: str


@dataclass
class Topic:
    slug: str
    name: str
    area: str
    description: str
    keywords: list[str] = field(default_factory=list)


@dataclass
class Taxonomy:
    areas: dict[str, Area]
    topics: dict[str, Topic]  # in file order: earlier topics win ties
    fallback: str

    def matcher(self) -> PhraseMatcher:
        return PhraseMatcher((kw, slug) for slug, t in self.topics.items() for kw in t.keywords)


def load_taxonomy(path: Path) -> Taxonomy:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(f"{path}: cannot read taxonomy: {exc}") from exc
    problems: list[str] = []
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: expected a mapping with 'areas', 'topics' and 'fallback'")
    areas = {
        code: Area(code, str(a.get("name", code)), str(a.get("description", "")))
        for code, a in (data.get("areas") or {}).items()
        if isinstance(a, dict)
    }
    topics: dict[str, Topic] = {}
    for slug, t in (data.get("topics") or {}).items():
        if not isinstance(t, dict) or not t.get("name"):
            problems.append(f"topic {slug!r}: needs a name")
            continue
        if t.get("area") not in areas:
            problems.append(f"topic {slug!r}: area {t.get('area')!r} is not under 'areas'")
            continue
        keywords = [str(k) for k in t.get("keywords") or []]
        if not keywords:
            problems.append(f"topic {slug!r}: needs at least one keyword")
        topics[str(slug)] = Topic(
            str(slug), str(t["name"]), t["area"], str(t.get("description", "")), keywords
        )
    fb = data.get("fallback") or {}
    if not isinstance(fb, dict) or fb.get("area") not in areas or not fb.get("topic"):
        problems.append("fallback: needs 'topic', 'name' and an 'area' listed under 'areas'")
    if problems:
        raise DataFileError(f"{path}: " + "; ".join(problems))
    topics[fb["topic"]] = Topic(
        fb["topic"], str(fb.get("name", fb["topic"])), fb["area"], str(fb.get("description", ""))
    )
    return Taxonomy(areas, topics, fb["topic"])


def score_topics(paper: Paper, matcher: PhraseMatcher) -> Counter[str]:
    """Per topic: sum over its keywords of (title hit x 4 + abstract hits capped at 3),
    with longer (more specific) phrases weighing more."""
    in_title = matcher.matches(tokens(paper.title))
    in_abstract = matcher.matches(tokens(paper.abstract))
    scores: Counter[str] = Counter()
    for phrase in in_title.keys() | in_abstract.keys():
        evidence = TITLE_WEIGHT * (phrase in in_title) + min(in_abstract[phrase], ABSTRACT_CAP)
        specificity = 1 + 0.5 * (len(phrase) - 1)
        for label in matcher.labels(phrase):
            scores[label] += evidence * specificity
    return scores


def assign_topics(papers: list[Paper], taxonomy: Taxonomy) -> None:
    """Primary topic = best keyword score (ties: file order); area follows the topic
    unless a classifier already set one, in which case the topic is chosen in that area."""
    matcher = taxonomy.matcher()
    order = {slug: i for i, slug in enumerate(taxonomy.topics)}
    for paper in papers:
        scores = score_topics(paper, matcher)
        ranked = sorted(scores, key=lambda s: (-scores[s], order[s]))
        if paper.area:
            in_area = [s for s in ranked if taxonomy.topics[s].area == paper.area]
            ranked = in_area + [s for s in ranked if s not in in_area]
        if not ranked:
            paper.topic = taxonomy.fallback
            paper.area = paper.area or taxonomy.topics[taxonomy.fallback].area
            paper.secondary_topics = []
            continue
        paper.topic = ranked[0]
        paper.area = paper.area or taxonomy.topics[paper.topic].area
        top = scores[ranked[0]]
        paper.secondary_topics = [s for s in ranked[1:3] if scores[s] >= top * SECONDARY_MIN_SHARE]
