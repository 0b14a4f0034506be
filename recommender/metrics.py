"""Ranking metrics as plain functions."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .types import FloatArray


def dcg_at_k(relevance_in_rank_order: ArrayLike, k: int = 10) -> float:
    """Return DCG@k with gain 2^rel - 1 and log2 position discount."""
    rel = np.asarray(relevance_in_rank_order, dtype=np.float64)[:k]
    if rel.size == 0:
        return 0.0
    return float(((2.0**rel - 1.0) / np.log2(np.arange(2, rel.size + 2))).sum())


def ndcg_at_k(relevance_in_rank_order: ArrayLike, k: int = 10) -> float | None:
    """Return NDCG@k of one ranked list, or None when it has no relevant item."""
    rel = np.asarray(relevance_in_rank_order, dtype=np.float64)
    ideal = dcg_at_k(np.sort(rel)[::-1], k)
    if ideal <= 0.0:
        return None
    return dcg_at_k(rel, k) / ideal


def order_by_score(scores: ArrayLike, distance_km: ArrayLike, ids: ArrayLike) -> NDArray[np.intp]:
    """Return indices sorted best first: score descending, then distance, then id."""
    return np.lexsort((np.asarray(ids), np.asarray(distance_km), -np.asarray(scores)))


def mean_ndcg(
    groups: Iterable[tuple[ArrayLike, ArrayLike, ArrayLike, ArrayLike]], k: int = 10
) -> float:
    """Return the mean NDCG@k over ``(scores, distance_km, ids, relevance)`` groups."""
    values = []
    for scores, dist, ids, rel in groups:
        order = order_by_score(scores, dist, ids)
        v = ndcg_at_k(np.asarray(rel, dtype=np.float64)[order], k)
        if v is not None:
            values.append(v)
    return float(np.mean(values)) if values else float("nan")


def grouped_ndcg(
    scores: FloatArray,
    y: NDArray[np.int_],
    groups: NDArray[np.int_],
    dist: FloatArray,
    ids: NDArray[np.int_],
    k: int = 10,
) -> float:
    """Return mean NDCG@k over shift groups of scored offers (ties: distance, then id)."""
    return mean_ndcg(
        (
            (scores[groups == g], dist[groups == g], ids[groups == g], y[groups == g])
            for g in np.unique(groups)
        ),
        k,
    )
