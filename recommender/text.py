"""Character n-gram TF-IDF similarity between a shift's text and announcements.

Finnish glues words together ("siirtoavustaja", "pyörätuolinkäyttäjä") and inflects them
("Tervolassa", "Tervolaan"), so whole-word matching misses most overlaps; character
3-5-grams within word boundaries catch them. Hashing keeps the vectoriser stateless, so a
candidate added after the index was built is vectorised with no refit; only the IDF
weights come from the snapshot the model was fitted on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

N_FEATURES = 2**18


class TextModel:
    """Hashed character n-gram TF-IDF with IDF weights fitted on a corpus snapshot."""

    def __init__(self, ngram_range: tuple[int, int] = (3, 5), n_features: int = N_FEATURES):
        self.ngram_range = ngram_range
        self.n_features = n_features

    def _hasher(self) -> HashingVectorizer:
        return HashingVectorizer(
            analyzer="char_wb",
            ngram_range=self.ngram_range,
            n_features=self.n_features,
            alternate_sign=False,
            norm=None,
            lowercase=True,
        )

    def _counts(self, texts: list[str]) -> sp.csr_matrix:
        """Return raw hashed n-gram counts (an empty corpus gives an empty matrix)."""
        if not texts:
            return sp.csr_matrix((0, self.n_features), dtype=np.float64)
        counts = self._hasher().transform(texts).tocsr()
        counts.sum_duplicates()
        return counts

    def fit(self, texts: Iterable[str]) -> TextModel:
        """Learn smoothed IDF weights from ``texts``; returns self."""
        counts = self._counts(list(texts))
        # Document frequencies kept sparse: only n-grams that occur (2^18 slots otherwise).
        self.df_index_, self.df_count_ = np.unique(counts.indices, return_counts=True)
        self.n_docs_ = counts.shape[0]
        return self

    def idf(self, feature_indices: np.ndarray) -> np.ndarray:
        """Return smoothed IDF weights of hashed n-gram indices (unseen ones: df = 0)."""
        if self.df_index_.size == 0:
            df = np.zeros(len(feature_indices))
        else:
            last = self.df_index_.size - 1
            pos = np.minimum(np.searchsorted(self.df_index_, feature_indices), last)
            df = np.where(self.df_index_[pos] == feature_indices, self.df_count_[pos], 0)
        return np.log((1.0 + self.n_docs_) / (1.0 + df)) + 1.0

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Return L2-normalised TF-IDF rows (sublinear tf) for ``texts``."""
        counts = self._counts(list(texts)).astype(np.float64)
        counts.data = 1.0 + np.log(counts.data)
        if hasattr(self, "df_index_") and counts.nnz:
            counts.data *= self.idf(counts.indices)
        if counts.shape[0] == 0:
            return counts
        return normalize(counts, norm="l2", copy=False)

    def similarity(self, query: str, rows: sp.csr_matrix) -> np.ndarray:
        """Return the cosine similarity of ``query`` with each row of ``rows``."""
        if not query.strip() or rows.shape[0] == 0:
            return np.zeros(rows.shape[0], dtype=np.float64)
        q = self.transform([query])
        return np.asarray((rows @ q.T).todense()).ravel()
