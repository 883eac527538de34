"""Text features computed once per build and shared by every enrichment step.

Tokenising is the most expensive part of enrichment, so each paper is
analysed once: word/bigram counts for the area model and related papers
(`extract_features`), folded word tokens for topic and tag phrase matching
(`phrase_tokens`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix

from generator.enrich.areas import analyze, paper_text
from generator.enrich.phrases import tokens
from generator.enrich.term_cache import TermCache, assemble
from generator.enrich.text_cache import text_key
from generator.paper import Paper


@dataclass
class Features:
    counts: csr_matrix  # papers x terms (unigrams and bigrams, English stop words removed)
    terms: np.ndarray  # column -> term, sorted
    vocabulary: dict[str, int]  # term -> column

    def columns_for(self, terms: dict[str, int]) -> csr_matrix:
        """Counts re-indexed to another vocabulary (terms absent here count zero)."""
        rows, cols = [], []
        for term, target in terms.items():
            source = self.vocabulary.get(term)
            if source is not None:
                rows.append(source)
                cols.append(target)
        mapping = csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(len(self.vocabulary), len(terms)),
        )
        return (self.counts @ mapping).tocsr()


def extract_features(papers: list[Paper], cache: TermCache | None = None) -> Features:
    """Columns sorted by term (term_table.py). `cache`: where each paper's counts are
    kept between builds (term_cache.py); the result is the same with or without it."""
    cache = cache or TermCache(None)
    keys = [text_key(p) for p in papers]
    counts, terms = assemble(
        keys, lambda i: analyze(paper_text(papers[i].title, papers[i].abstract)), cache
    )
    vocabulary = dict(zip(terms, range(len(terms)), strict=True))
    return Features(counts, np.array(terms, dtype=object), vocabulary)


def phrase_tokens(papers: list[Paper]) -> tuple[list[list[str]], list[list[str]]]:
    """Folded word tokens of each title, and of each abstract with its keywords,
    for topic and tag phrase matching."""
    titles = [tokens(p.title) for p in papers]
    abstracts = [tokens(f"{p.abstract} {' '.join(p.keywords)}") for p in papers]
    return titles, abstracts
