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

    def fit(self, texts: Iterable[str]) -> TextModel:
        """Learn smoothed IDF weights from ``texts``; returns self."""
        counts = self._hasher().transform(list(texts))
        n_docs = counts.shape[0]
        df = np.bincount(counts.indices, minlength=self.n_features)
        self.idf_ = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
        return self

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Return L2-normalised TF-IDF rows (sublinear tf) for ``texts``."""
        counts = self._hasher().transform(list(texts)).tocsr().astype(np.float64)
        counts.data = 1.0 + np.log(counts.data)
        idf = getattr(self, "idf_", None)
        if idf is not None:
            counts.data *= idf[counts.indices]
        return normalize(counts, norm="l2", copy=False)

    def similarity(self, query: str, rows: sp.csr_matrix) -> np.ndarray:
        """Return the cosine similarity of ``query`` with each row of ``rows``."""
        if not query.strip() or rows.shape[0] == 0:
            return np.zeros(rows.shape[0], dtype=np.float64)
        q = self.transform([query])
        return np.asarray((rows @ q.T).todense()).ravel()
