"""Areas and topics from the editable taxonomy file; one area and primary topic per paper."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from generator import data_yaml
from generator.enrich.phrases import Context, PhraseMatcher, split_keywords
from generator.errors import DataFileError
from generator.paper import Paper
from generator.slugs import slugify

TITLE_WEIGHT = 4
BROAD_WEIGHT = 0.5  # a broad topic's score counts half against narrower topics
ABSTRACT_CAP = 3  # repeating a word ten times in an abstract is not ten times the evidence
SECONDARY_MIN_SHARE = 0.5  # a secondary topic scores at least half the primary
DEFAULT_AREA = "cs.LG"
# Weak evidence: at most one abstract mention of a one- or two-word keyword, no title
# hit. Such a paper takes the topic a majority of its related papers (NEIGHBOUR_VOTES
# of five) hold on stronger evidence: one "counterfactual" filed "Datamodels" under
# causality.
WEAK_EVIDENCE = 1.5
NEIGHBOUR_VOTES = 3


@dataclass
class Area:
    code: str
    name: str
    description: str
    aliases: list[str] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        return [self.code, *self.aliases]


@dataclass
class Topic:
    slug: str
    name: str
    area: str
    description: str
    keywords: list[str] = field(default_factory=list)
    also_in: list[str] = field(default_factory=list)
    broad: bool = False  # its keywords name a whole field: narrower topics go first
    context: dict[str, Context] = field(default_factory=dict)  # keyword -> context (phrases.py)

    @property
    def areas(self) -> list[str]:
        return [self.area, *self.also_in]

    @property
    def is_general(self) -> bool:
        return not self.keywords


@dataclass
class Taxonomy:
    areas: dict[str, Area]
    topics: dict[str, Topic]  # in file order: earlier topics win ties; general topics last

    def general_topic(self, area: str) -> str:
        return f"{slugify(area)}-general"

    def matcher(self) -> PhraseMatcher:
        return PhraseMatcher(
            (kw, slug, t.context.get(kw, ()))
            for slug, t in self.topics.items()
            for kw in t.keywords
        )


def load_taxonomy(path: Path) -> Taxonomy:
    try:
        data = data_yaml.load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(f"{path}: cannot read taxonomy: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("areas"), dict):
        raise DataFileError(f"{path}: expected a mapping with 'areas' and 'topics'")
    problems: list[str] = []
    areas: dict[str, Area] = {}
    for code, a in data["areas"].items():
        if not isinstance(a, dict) or not a.get("name"):
            problems.append(f"area {code!r}: needs a name")
            continue
        aliases = [str(c) for c in a.get("also") or []]
        areas[str(code)] = Area(str(code), str(a["name"]), str(a.get("description", "")), aliases)
    if DEFAULT_AREA not in areas:
        problems.append(f"areas: {DEFAULT_AREA} must be listed (papers default to it)")
    topics: dict[str, Topic] = {}
    for slug, t in (data.get("topics") or {}).items():
        if not isinstance(t, dict) or not t.get("name"):
            problems.append(f"topic {slug!r}: needs a name")
        elif t.get("area") not in areas:
            problems.append(f"topic {slug!r}: area {t.get('area')!r} is not under 'areas'")
        elif not t.get("keywords"):
            problems.append(f"topic {slug!r}: needs at least one keyword")
        elif unknown := [a for a in t.get("also_in") or [] if a not in areas]:
            problems.append(f"topic {slug!r}: also_in {unknown} are not under 'areas'")
        else:
            try:
                keywords, context = split_keywords(t["keywords"])
            except ValueError as exc:
                problems.append(f"topic {slug!r}: keyword {exc}")
                continue
            description = str(t.get("description", ""))
            also_in = [str(a) for a in t.get("also_in") or []]
            topics[str(slug)] = Topic(
                str(slug),
                str(t["name"]),
                t["area"],
                description,
                keywords,
                also_in,
                bool(t.get("broad", False)),
                context,
            )
    if problems:
        raise DataFileError(f"{path}: " + "; ".join(problems))
    taxonomy = Taxonomy(areas, topics)
    for code, area in areas.items():
        slug = taxonomy.general_topic(code)
        description = f"{area.name} papers that fit none of its narrower topics yet."
        topics[slug] = Topic(slug, f"General {area.name.lower()}", code, description)
    return taxonomy


def score_topics(
    title_tokens: list[str], abstract_tokens: list[str], matcher: PhraseMatcher
) -> Counter[str]:
    """Per topic: sum over its keywords of (title hit x 4 + abstract hits capped at 3),
    with longer (more specific) phrases weighing more."""
    in_title = matcher.matches(title_tokens)
    in_abstract = matcher.matches(abstract_tokens)
    scores: Counter[str] = Counter()
    text = title_tokens + abstract_tokens  # where keyword contexts are looked for
    for phrase in in_title.keys() | in_abstract.keys():
        evidence = TITLE_WEIGHT * (phrase in in_title) + min(in_abstract[phrase], ABSTRACT_CAP)
        specificity = 1 + 0.5 * (len(phrase) - 1)
        for label in matcher.labels(phrase, text):
            scores[label] += evidence * specificity
    return scores


def score_all_topics(
    taxonomy: Taxonomy, title_tokens: list[list[str]], abstract_tokens: list[list[str]]
) -> list[Counter[str]]:
    matcher = taxonomy.matcher()
    pairs = zip(title_tokens, abstract_tokens, strict=True)
    return [score_topics(title, abstract, matcher) for title, abstract in pairs]


def assign_topics(
    papers: list[Paper],
    taxonomy: Taxonomy,
    topic_scores: list[Counter[str]],
    probabilities: np.ndarray | None = None,
    model_areas: list[str] | None = None,
) -> None:
    """Area and primary topic per paper, from `score_all_topics` and the classifier.

    The area is the classifier's most likely area (the one most likely to be among
    the paper's arXiv categories); the topic is the best-scoring topic open to that
    area, else the area's General topic. Without a classifier, the best topic decides
    and the area is its home area. (Letting a strong topic pull the paper into a less
    likely area cost area accuracy on the evaluation set; see the README figures.)
    """
    order = {slug: i for i, slug in enumerate(taxonomy.topics)}
    known = [i for i, a in enumerate(model_areas or []) if a in taxonomy.areas]
    broad = {slug for slug, t in taxonomy.topics.items() if t.broad}
    for index, paper in enumerate(papers):
        scores = Counter(topic_scores[index])
        for slug in broad & scores.keys():
            scores[slug] *= BROAD_WEIGHT
        ranked = sorted(scores, key=lambda s: (-scores[s], order[s]))
        if probabilities is not None and model_areas and known:
            row = probabilities[index]
            paper.area = model_areas[max(known, key=lambda i: (row[i], -i))]
        else:
            paper.area = taxonomy.topics[ranked[0]].area if ranked else DEFAULT_AREA
        fitting = [s for s in ranked if paper.area in taxonomy.topics[s].areas]
        paper.topic = fitting[0] if fitting else taxonomy.general_topic(paper.area)
        top = scores.get(paper.topic, 0)
        paper.secondary_topics = [
            s for s in ranked if s != paper.topic and top and scores[s] >= top * SECONDARY_MIN_SHARE
        ][:2]


def refile_by_neighbours(
    papers: list[Paper], taxonomy: Taxonomy, topic_scores: list[Counter[str]]
) -> int:
    """Give each paper whose topic rests on weak evidence the topic that a majority of
    its related papers hold on stronger evidence, when that topic is open to its area.
    Run after related papers are known; returns how many papers changed topic.

    A weak paper's topic then changes only when its own related list does (strong
    papers never change here), so its page changes no more often than before."""
    index = {paper.slug: i for i, paper in enumerate(papers)}
    order = {slug: i for i, slug in enumerate(taxonomy.topics)}

    def strong(i: int) -> bool:
        return topic_scores[i].get(papers[i].topic, 0) > WEAK_EVIDENCE

    moves = []
    for i, paper in enumerate(papers):
        if strong(i):
            continue
        votes: Counter[str] = Counter()
        for related in paper.related:
            j = index.get(related.slug)
            if j is not None and strong(j) and paper.area in taxonomy.topics[papers[j].topic].areas:
                votes[papers[j].topic] += 1
        if not votes:
            continue
        best = min(votes, key=lambda slug: (-votes[slug], order[slug]))
        if votes[best] >= NEIGHBOUR_VOTES and best != paper.topic:
            moves.append((paper, best))
    for paper, topic in moves:  # after the loop: votes read only strong papers anyway
        paper.topic = topic
        paper.secondary_topics = []  # they rested on the same weak evidence
    return len(moves)
