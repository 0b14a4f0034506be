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
from sklearn.utils import murmurhash3_32

N_FEATURES = 2**18
_CHUNK = 5000
QUERY_CACHE_SIZE = 2048
"""Query vectors kept per text: the same open shifts are ranked on every page view, and
hashing a text's n-grams one by one in Python is most of a one-candidate ranking."""


class TextModel:
    """Hashed character n-gram TF-IDF with IDF weights fitted on a corpus snapshot."""

    def __init__(self, ngram_range: tuple[int, int] = (3, 5), n_features: int = N_FEATURES):
        self.ngram_range = ngram_range
        self.n_features = n_features

    def _hasher(self) -> HashingVectorizer:
        """Return the (cached, stateless) hashing vectoriser."""
        cached = getattr(self, "_cached_hasher", None)
        if cached is not None:
            return cached
        self._cached_hasher = HashingVectorizer(
            analyzer="char_wb",
            ngram_range=self.ngram_range,
            n_features=self.n_features,
            alternate_sign=False,
            norm=None,
            lowercase=True,
        )
        return self._cached_hasher

    def _counts(self, texts: list[str]) -> sp.csr_matrix:
        """Return raw hashed n-gram counts (an empty corpus gives an empty matrix)."""
        if not texts:
            return sp.csr_matrix((0, self.n_features), dtype=np.float64)
        # Chunks bound the vectoriser's per-n-gram Python lists (the build's memory peak).
        parts = [
            self._hasher().transform(texts[i : i + _CHUNK]).tocsr()
            for i in range(0, len(texts), _CHUNK)
        ]
        counts = parts[0] if len(parts) == 1 else sp.vstack(parts, format="csr")
        counts.sum_duplicates()
        return counts

    def fit(self, texts: Iterable[str]) -> TextModel:
        """Learn smoothed IDF weights from ``texts``; returns self."""
        self._fit_counts(self._counts(list(texts)))
        return self

    def fit_transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Fit on ``texts`` and return their rows, hashing each text once."""
        counts = self._counts(list(texts))
        self._fit_counts(counts)
        return self._weigh_in_chunks(counts)

    def __getstate__(self) -> dict[str, object]:
        """Pickle the model without its query cache (index snapshots store the model)."""
        state = dict(self.__dict__)
        state.pop("_queries", None)
        return state

    def _fit_counts(self, counts: sp.csr_matrix) -> None:
        """Learn document frequencies from a count matrix."""
        self.__dict__.pop("_queries", None)  # cached query vectors carry the old IDF
        # Document frequencies kept sparse: only n-grams that occur (2^18 slots otherwise).
        self.df_index_, self.df_count_ = np.unique(counts.indices, return_counts=True)
        self.n_docs_ = counts.shape[0]

    def idf(self, feature_indices: np.ndarray) -> np.ndarray:
        """Return smoothed IDF weights of hashed n-gram indices (unseen ones: df = 0)."""
        if self.df_index_.size == 0:
            df = np.zeros(len(feature_indices))
        else:
            last = self.df_index_.size - 1
            pos = np.minimum(np.searchsorted(self.df_index_, feature_indices), last)
            df = np.where(self.df_index_[pos] == feature_indices, self.df_count_[pos], 0)
        weights: np.ndarray = np.log((1.0 + self.n_docs_) / (1.0 + df)) + 1.0
        return weights

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Return L2-normalised TF-IDF rows (sublinear tf) for ``texts``."""
        return self._weigh_in_chunks(self._counts(list(texts)))

    def _weigh_in_chunks(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Weigh count rows a chunk at a time (bounds the float temporaries)."""
        if counts.shape[0] <= _CHUNK:
            return self._weigh(counts.astype(np.float64))
        return sp.vstack(
            [
                self._weigh(counts[i : i + _CHUNK].astype(np.float64))
                for i in range(0, counts.shape[0], _CHUNK)
            ],
            format="csr",
        )

    def _weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Apply sublinear tf, IDF and L2 normalisation to float counts."""
        counts.data = 1.0 + np.log(counts.data)
        if hasattr(self, "df_index_") and counts.nnz:
            counts.data *= self.idf(counts.indices)
        if counts.shape[0] == 0:
            return counts
        return normalize(counts, norm="l2", copy=False)

    def query_vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Return (indices, values) of one text's normalised row, without sklearn overhead.

        Equal to ``transform([text])`` (a test checks it): the same analyzer, the same
        signed murmurhash3 as scikit-learn's FeatureHasher, the same weighting. Results
        are cached per text (read-only arrays); the cache empties when full or refitted.
        """
        queries: dict[str, tuple[np.ndarray, np.ndarray]] = self.__dict__.setdefault("_queries", {})
        found = queries.get(text)
        if found is None:
            found = self._query_vector(text)
            for array in found:
                array.flags.writeable = False
            if len(queries) >= QUERY_CACHE_SIZE:
                queries.clear()
            queries[text] = found
        return found

    def _query_vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Compute ``query_vector`` (uncached)."""
        grams = self._hasher().build_analyzer()(text)
        if not grams:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        h = np.array([murmurhash3_32(g, seed=0) for g in grams], dtype=np.int64)
        idx = np.abs(h) % self.n_features
        idx, counts = np.unique(idx, return_counts=True)
        values = 1.0 + np.log(counts.astype(np.float64))
        if hasattr(self, "df_index_"):
            values *= self.idf(idx)
        norm = np.sqrt((values**2).sum())
        return idx, values / norm if norm > 0 else values

    def similarity(self, query: str, rows: sp.csr_matrix) -> np.ndarray:
        """Return the cosine similarity of ``query`` with each row of ``rows``."""
        if not query.strip() or rows.shape[0] == 0:
            return np.zeros(rows.shape[0], dtype=np.float64)
        q = self.transform([query])
        return np.asarray((rows @ q.T).todense()).ravel()
