"""Stage 2, enrich: the whole collection at once -> areas, topics, tags, related.

Everything that needs every paper is computed here, once, so rendering a
page never looks at the whole corpus.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from generator.enrich.areas import MODEL_FILE, AreaModel, tfidf
from generator.enrich.authors import AuthorIndex, index_authors
from generator.enrich.features import extract_features, phrase_tokens
from generator.enrich.keyphrases import WEIGHTS_FILE, PhraseTable, PhraseWeights, paper_phrases
from generator.enrich.lsa import BASIS_FILE, LsaBasis
from generator.enrich.related import TOP_K, relate_papers
from generator.enrich.related_cache import RelatedCache
from generator.enrich.tags import Vocabulary, choose_tags, load_vocabulary, tag_candidates
from generator.enrich.taxonomy import (
    Taxonomy,
    assign_topics,
    load_taxonomy,
    refile_by_neighbours,
    score_all_topics,
)
from generator.enrich.term_cache import TermCache
from generator.enrich.text_cache import TextCache, as_counter, data_version, text_key
from generator.enrich.timeline import Timeline, build_timeline
from generator.forked import Beside
from generator.paper import Paper
from generator.slugs import assign_slugs, slugify

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
TAXONOMY_FILE = DATA_DIR / "taxonomy.yaml"
TAGS_FILE = DATA_DIR / "tags.yaml"
COOCCURRING = 8
PARALLEL_MIN = 2_000  # papers; below this a second process costs more than it saves


@dataclass
class Catalogue:
    """Enriched papers plus the indexes the pages are rendered from."""

    papers: list[Paper]  # sorted by slug
    taxonomy: Taxonomy
    by_topic: dict[str, list[Paper]] = field(default_factory=dict)
    by_area: dict[str, list[Paper]] = field(default_factory=dict)
    by_tag: dict[str, list[Paper]] = field(default_factory=dict)
    tag_slugs: dict[str, str] = field(default_factory=dict)
    cooccurring: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    topic_tags: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    related_topics: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    area_topics: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # by count
    topic_areas: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # by count
    timeline: Timeline = field(default_factory=Timeline)  # by day, week, month; top by votes
    authors: AuthorIndex = field(default_factory=AuthorIndex)  # authors with 2+ papers


def enrich(
    papers: list[Paper],
    taxonomy: Taxonomy | None = None,
    vocabulary: Vocabulary | None = None,
    parallel: bool | None = None,
    phrase_weights: PhraseWeights | None = None,
    cache_dir: Path | None = None,
) -> Catalogue:
    """`parallel`: use a second process (default: for PARALLEL_MIN papers or more).
    `phrase_weights`: how much each key phrase counts for related papers (default:
    the shipped table; keyphrase_training.py passes the ones it cross-validates).
    `cache_dir`: where each paper's text analysis is kept for the next build
    (text_cache.py); used with the shipped vocabulary and taxonomy only."""
    if parallel is None:
        parallel = len(papers) >= PARALLEL_MIN
    store = TextCache(None)
    if cache_dir is not None and taxonomy is None and vocabulary is None:
        version = data_version(TAXONOMY_FILE, TAGS_FILE)
        store = TextCache(cache_dir / "papers-text.npz", version)
    taxonomy = taxonomy or load_taxonomy(TAXONOMY_FILE)
    vocabulary = vocabulary or load_vocabulary(TAGS_FILE)
    assign_slugs(papers)
    papers.sort(key=lambda p: p.slug)
    # Phrase matching (tags, topic scores) runs in a second process meanwhile.
    side = Beside(_tags_and_topic_scores, papers, vocabulary, taxonomy, store, parallel=parallel)
    terms = TermCache(cache_dir / "papers-terms.npz") if cache_dir is not None else None
    features = extract_features(papers, terms)  # tokenised once, shared by the steps below
    model = AreaModel.load(MODEL_FILE) if MODEL_FILE.exists() else None
    probabilities = lsa = None
    if model and papers:
        area_tfidf = tfidf(features.columns_for(model.vocabulary), model.idf)
        probabilities = model.probabilities_from_tfidf(area_tfidf)
        if BASIS_FILE.exists():
            lsa = LsaBasis.load(BASIS_FILE).project(area_tfidf)
    tags, scores, phrases = side.result()
    for paper, paper_tags in zip(papers, tags, strict=True):
        paper.tags = paper_tags
    topic_scores = [as_counter(pairs) for pairs in scores]
    assign_topics(papers, taxonomy, topic_scores, probabilities, model.areas if model else None)
    idf = (model.vocabulary, model.idf) if model else None
    kept = None
    if cache_dir is not None and phrase_weights is None:
        shipped = [f for f in (MODEL_FILE, BASIS_FILE, WEIGHTS_FILE) if f.exists()]
        version = data_version(*shipped)
        kept = RelatedCache(cache_dir / "papers-related.npz", version, small=TOP_K + 1)
    relate_papers(papers, features, lsa, idf, phrases, weights=phrase_weights, cache=kept)
    refile_by_neighbours(papers, taxonomy, topic_scores)
    return index_catalogue(papers, taxonomy)


def _tags_and_topic_scores(
    papers: list[Paper], vocabulary: Vocabulary, taxonomy: Taxonomy, store: TextCache
) -> tuple[list[list[str]], list[list[tuple[str, float]]], PhraseTable]:
    """Tags, topic scores and key phrases: the pure-Python steps, run beside the rest.
    Each paper's own part comes from `store` when an earlier build worked it out."""
    stored = store.load()
    keys = [text_key(p) for p in papers]
    rows = [stored.keys.get(key) for key in keys]
    new = {k: p for k, p, row in zip(keys, papers, rows, strict=True) if row is None}
    table = stored.phrases.terms
    fresh: dict[str, tuple[list, list[int]]] = {}
    if new:
        titles, abstracts = phrase_tokens(list(new.values()))
        candidates = tag_candidates(list(new.values()), vocabulary, titles, abstracts)
        scores = score_all_topics(taxonomy, titles, abstracts)
        index = {term: n for n, term in enumerate(table)}
        add = index.setdefault
        for key, (ranked, names), score, phrases in zip(
            new, candidates, scores, paper_phrases(list(new.values())), strict=True
        ):
            ids = [add(phrase, len(index)) for phrase in phrases]
            fresh[key] = ([ranked, list(names.items()), list(score.items())], ids)
        table = list(index)
    analyses = [
        stored.analyses[row] if row is not None else fresh[key][0]
        for key, row in zip(keys, rows, strict=True)
    ]
    phrases = PhraseTable.compact(
        table,
        [
            stored.phrases.row(row) if row is not None else fresh[key][1]
            for key, row in zip(keys, rows, strict=True)
        ],
    )
    store.save(keys, analyses, phrases)
    choose_tags(papers, vocabulary, [(list(a[0]), as_counter(a[1])) for a in analyses])
    return [p.tags for p in papers], [a[2] for a in analyses], phrases


def newest_first(papers: list[Paper]) -> list[Paper]:
    """Newest first when dates are known; papers without a date follow, by title."""
    dated = sorted((p for p in papers if p.published), key=lambda p: (p.published, p.slug))
    undated = sorted((p for p in papers if not p.published), key=lambda p: p.title.lower())
    return dated[::-1] + undated


def index_catalogue(papers: list[Paper], taxonomy: Taxonomy) -> Catalogue:
    cat = Catalogue(papers, taxonomy)
    by_topic: dict[str, list[Paper]] = defaultdict(list)
    by_area: dict[str, list[Paper]] = defaultdict(list)
    by_tag: dict[str, list[Paper]] = defaultdict(list)
    pair_counts: dict[str, Counter[str]] = defaultdict(Counter)
    topic_tag: dict[str, Counter[str]] = defaultdict(Counter)
    topic_pairs: dict[str, Counter[str]] = defaultdict(Counter)
    area_topic: dict[str, Counter[str]] = defaultdict(Counter)
    topic_area: dict[str, Counter[str]] = defaultdict(Counter)
    for paper in papers:
        by_topic[paper.topic].append(paper)
    for paper in papers:
        # A secondary topic links to a topic page, so it must have one.
        paper.secondary_topics = [t for t in paper.secondary_topics if t in by_topic]
        by_area[paper.area].append(paper)
        area_topic[paper.area][paper.topic] += 1
        topic_area[paper.topic][paper.area] += 1
        topic_tag[paper.topic].update(paper.tags)
        for other in paper.secondary_topics:
            topic_pairs[paper.topic][other] += 1
            topic_pairs[other][paper.topic] += 1
        for tag in paper.tags:
            by_tag[tag].append(paper)
            pair_counts[tag].update(t for t in paper.tags if t != tag)
    cat.by_topic = {t: newest_first(ps) for t, ps in sorted(by_topic.items())}
    cat.by_area = {a: newest_first(ps) for a, ps in sorted(by_area.items())}
    cat.by_tag = {t: newest_first(ps) for t, ps in sorted(by_tag.items())}
    cat.tag_slugs = _tag_slugs(cat.by_tag)
    cat.cooccurring = {t: _top(c, COOCCURRING) for t, c in pair_counts.items()}
    cat.topic_tags = {t: _top(c, 10) for t, c in topic_tag.items()}
    cat.related_topics = {t: _top(c, 5) for t, c in topic_pairs.items()}
    cat.area_topics = {a: _top(c, len(c)) for a, c in sorted(area_topic.items())}
    cat.topic_areas = {t: _top(c, len(c)) for t, c in sorted(topic_area.items())}
    cat.timeline = build_timeline(papers)
    cat.authors = index_authors(papers)
    return cat


def _top(counter: Counter[str], n: int) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def _tag_slugs(tags: dict[str, list[Paper]]) -> dict[str, str]:
    slugs: dict[str, str] = {}
    used: set[str] = set()
    for tag in sorted(tags):
        base = slug = slugify(tag, 60)
        n = 2
        while slug in used:  # "C++" and "C" would both be "c"
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        slugs[tag] = slug
    return slugs
