"""The ranking signals, each a number in [0, 1] per candidate, higher is better.

The order of ``SIGNALS`` is the column order of every signal matrix and the key order of
``Match.reasons``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .geo import haversine_km
from .text import TextModel
from .timegrid import spans_coverage
from .types import Candidate, FloatArray, ShiftRequest

SIGNALS: tuple[str, ...] = (
    "distance",
    "coverage",
    "rating",
    "reliability",
    "skills",
    "text",
    "ring",
    "on_call",
)


def distance_decay(distance_km: ArrayLike, scale_km: float) -> FloatArray:
    """Return exp(-d / scale): 5 vs 15 km matters far more than 105 vs 115 km."""
    out: FloatArray = np.exp(-np.asarray(distance_km, dtype=np.float64) / scale_km)
    return out


def bayesian_rating(
    rating_sum: ArrayLike, rating_count: ArrayLike, prior_mean: float, prior_count: float
) -> FloatArray:
    """Return the Bayesian average star rating, shrunk towards ``prior_mean``."""
    s = np.asarray(rating_sum, dtype=np.float64)
    n = np.asarray(rating_count, dtype=np.float64)
    out: FloatArray = (prior_mean * prior_count + s) / (prior_count + n)
    return out


def rating_signal(
    rating_sum: ArrayLike, rating_count: ArrayLike, prior_mean: float, prior_count: float
) -> FloatArray:
    """Return the Bayesian average mapped from 1..5 stars to 0..1."""
    avg = bayesian_rating(rating_sum, rating_count, prior_mean, prior_count)
    out: FloatArray = np.clip((avg - 1.0) / 4.0, 0.0, 1.0)
    return out


def reliability_signal(
    completed: ArrayLike, cancelled_late: ArrayLike, prior_good: float, prior_bad: float
) -> FloatArray:
    """Return the smoothed share of shifts kept (Beta prior: good, bad pseudo-counts)."""
    c = np.maximum(np.asarray(completed, dtype=np.float64), 0.0)
    x = np.maximum(np.asarray(cancelled_late, dtype=np.float64), 0.0)
    out: FloatArray = (c + prior_good) / (c + x + prior_good + prior_bad)
    return out


def popcount(words: NDArray[np.uint64]) -> FloatArray:
    """Return the number of set bits per row of a uint64 array ``(m, w)``."""
    if hasattr(np, "bitwise_count"):
        counts: FloatArray = np.bitwise_count(words).sum(axis=1).astype(np.float64)
        return counts
    as_bytes = np.ascontiguousarray(words).view(np.uint8).reshape(words.shape[0], -1)
    bits: FloatArray = np.unpackbits(as_bytes, axis=1).sum(axis=1).astype(np.float64)
    return bits


def pair_signals(
    shift: ShiftRequest,
    candidates: Sequence[Candidate],
    text_model: TextModel | None,
    distance_scale_km: float,
    rating_prior: tuple[float, float],
    reliability_prior: tuple[float, float],
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Return (signals (m, 8), distance_km, coverage) for any candidates, eligible or not.

    The slow per-pair path used for learning and evaluation; ``CandidateIndex`` computes
    the same numbers vectorised.
    """
    m = len(candidates)
    lat = np.array([c.lat for c in candidates], dtype=np.float64)
    lon = np.array([c.lon for c in candidates], dtype=np.float64)
    dist = np.atleast_1d(haversine_km(shift.lat, shift.lon, lat, lon)) if m else np.zeros(0)
    cov = np.array(
        [spans_coverage(c.weekly, c.busy, shift.time_spans()) for c in candidates],
        dtype=np.float64,
    )
    pref = shift.preferred_skills
    skills = np.array(
        [len(pref & c.skills) / len(pref) if pref else 0.0 for c in candidates], dtype=np.float64
    )
    if text_model is not None and shift.text.strip() and m:
        text = text_model.similarity(shift.text, text_model.transform([c.text for c in candidates]))
    else:
        text = np.zeros(m, dtype=np.float64)
    cols = {
        "distance": distance_decay(dist, distance_scale_km),
        "coverage": cov,
        "rating": rating_signal(
            [c.rating_sum for c in candidates], [c.rating_count for c in candidates], *rating_prior
        ),
        "reliability": reliability_signal(
            [c.completed for c in candidates],
            [c.cancelled_late for c in candidates],
            *reliability_prior,
        ),
        "skills": skills,
        "text": text,
        "ring": np.array([c.id in shift.ring for c in candidates], dtype=np.float64),
        "on_call": np.array([c.on_call for c in candidates], dtype=np.float64),
    }
    return np.column_stack([cols[s] for s in SIGNALS]).reshape(m, len(SIGNALS)), dist, cov
