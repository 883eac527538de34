"""Area classifier: TF-IDF + one-vs-rest logistic regression, shipped as plain arrays.

The model answers, per area, "is this area among the paper's arXiv
categories?" and the paper gets the area most likely to be. Training lives in
`area_training.py`; the fitted model is `generator/data/area_model.npz`
(loaded with allow_pickle=False: never a pickle).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

from generator.paper import Paper

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "area_model.npz"
NGRAMS = (1, 2)


def paper_text(title: str, abstract: str) -> str:
    # The title counts twice: it is the densest statement of what the paper is about.
    return f"{title}. {title}. {abstract}"


_ANALYZE = CountVectorizer(stop_words="english", ngram_range=NGRAMS).build_analyzer()


def analyze(text: str) -> list[str]:
    """Unigrams and bigrams after English stop words: the one tokeniser shared by
    training, inference and related papers, so they cannot drift."""
    return _ANALYZE(text)


def analyze_papers(papers: list[Paper]) -> list[list[str]]:
    return [analyze(paper_text(p.title, p.abstract)) for p in papers]


def make_count_vectorizer(vocabulary: dict[str, int] | None = None, **kw) -> CountVectorizer:
    """Counts over already-analysed documents (lists of terms)."""
    return CountVectorizer(analyzer=_identity, vocabulary=vocabulary, dtype=np.float32, **kw)


def _identity(terms: list[str]) -> list[str]:
    return terms


def tfidf(counts, idf: np.ndarray):
    """Sublinear tf x idf, L2-normalised rows (as TfidfVectorizer(sublinear_tf=True))."""
    counts = counts.tocsr().astype(np.float32)
    np.log(counts.data, out=counts.data)
    counts.data += 1.0
    return normalize(counts.multiply(idf).tocsr())


@dataclass
class AreaModel:
    areas: list[str]
    vocabulary: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray  # areas x features
    intercept: np.ndarray

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> AreaModel:
        with np.load(path, allow_pickle=False) as data:
            terms = bytes(data["terms"]).decode("utf-8").split("\n")
            scale = data["coef_scale"].astype(np.float32)[:, None]
            return cls(
                areas=bytes(data["areas"]).decode("utf-8").split("\n"),
                vocabulary={t: i for i, t in enumerate(terms)},
                idf=data["idf"].astype(np.float32),
                coef=data["coef"].astype(np.float32) * scale,
                intercept=data["intercept"].astype(np.float32),
            )

    def save(self, path: Path) -> None:
        """Plain arrays only: terms as UTF-8 text, weights quantised to int8 per area."""
        terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        scale = np.abs(self.coef).max(axis=1) / 127.0
        np.savez_compressed(
            path,
            areas=np.frombuffer("\n".join(self.areas).encode("utf-8"), dtype=np.uint8),
            terms=np.frombuffer("\n".join(terms).encode("utf-8"), dtype=np.uint8),
            idf=self.idf.astype(np.float16),
            coef=np.round(self.coef / scale[:, None]).astype(np.int8),
            coef_scale=scale.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
        )

    def probabilities(self, analyzed: list[list[str]]) -> np.ndarray:
        """Per area, how likely it is among the paper's categories (papers x areas): the
        linear scores through a sigmoid. Only their order is used (the argmax picks the
        area), so a linear SVM's margins serve as well as logistic probabilities."""
        return self.probabilities_from_counts(
            make_count_vectorizer(self.vocabulary).transform(analyzed)
        )

    def probabilities_from_counts(self, counts) -> np.ndarray:
        """As `probabilities`, from counts already indexed by this model's vocabulary."""
        return self.probabilities_from_tfidf(tfidf(counts, self.idf))

    def probabilities_from_tfidf(self, features) -> np.ndarray:
        """As `probabilities`, from `tfidf(counts, self.idf)`."""
        scores = features @ self.coef.T + self.intercept
        return 1.0 / (1.0 + np.exp(-scores))

    def predict(self, papers: list[Paper]) -> np.ndarray:
        return self.probabilities(analyze_papers(papers))
