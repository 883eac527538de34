"""A fixed LSA projection for related papers, fitted once on the arXiv corpus.

Related papers add 0.3 x the cosine of two papers' 64-dimension LSA vectors to
their TF-IDF cosine (it catches synonyms TF-IDF misses). Fitting the
projection on each collection made every paper's vector move whenever a
listing was added (a randomized SVD of a slightly different matrix), so nearly
every paper page changed and an incremental rebuild redid them all. The
projection is therefore fitted once on `arxiv-cs-corpus.jsonl` over the area
model's vocabulary and IDF (`python -m generator.enrich.lsa_training`) and
shipped as plain arrays (`generator/data/lsa_basis.npz`, allow_pickle=False):
a paper's LSA vector depends on that paper alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.preprocessing import normalize

BASIS_FILE = Path(__file__).resolve().parent.parent / "data" / "lsa_basis.npz"


@dataclass
class LsaBasis:
    columns: np.ndarray  # indexes into the area model's vocabulary
    components: np.ndarray  # dimensions x len(columns)

    @classmethod
    def load(cls, path: Path = BASIS_FILE) -> LsaBasis:
        with np.load(path, allow_pickle=False) as data:
            return cls(data["columns"].astype(np.int64), data["components"].astype(np.float32))

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            columns=self.columns.astype(np.int32),
            components=self.components.astype(np.float16),
        )

    def project(self, area_tfidf: csr_matrix) -> np.ndarray:
        """Unit-length LSA vectors from TF-IDF rows in the area model's vocabulary."""
        vectors = area_tfidf[:, self.columns] @ self.components.T
        return normalize(np.asarray(vectors, dtype=np.float32))
