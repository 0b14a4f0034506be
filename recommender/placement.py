"""Bulk placement: many open shifts, many free assistants, one best assignment."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import linear_sum_assignment


def eligible_mask(scores: ArrayLike, eligible: ArrayLike | None = None) -> np.ndarray:
    """Return the boolean mask of pairs that may be assigned: finite score and eligible."""
    s = np.asarray(scores, dtype=np.float64)
    ok = np.isfinite(s)
    if eligible is not None:
        ok &= np.broadcast_to(np.asarray(eligible, dtype=bool), s.shape)
    return ok


def place(
    scores: ArrayLike, eligible: ArrayLike | None = None, *, fill_first: bool = True
) -> list[tuple[int, int]]:
    """Return the best (shift, candidate) pairs, each shift and candidate at most once.

    Parameters
    ----------
    scores : array-like, shape (n_shifts, n_candidates)
        Score of each candidate for each shift, higher is better; ``-inf`` or NaN marks
        an ineligible pair.
    eligible : array-like of bool, optional
        Further mask of allowed pairs; a pair is assigned only if allowed here too.
    fill_first : bool
        True (default): place as many shifts as possible, then maximise the total score
        among those placements; an unfilled urgent shift is a person without care, which
        no gain in score elsewhere makes up for. False: maximise the total score alone,
        leaving out pairs that score <= 0.

    Returns
    -------
    list of (int, int)
        (shift row, candidate column) pairs sorted by shift; never an ineligible pair.
    """
    s = np.asarray(scores, dtype=np.float64)
    if s.ndim != 2:
        raise ValueError("scores must be a 2-d array (shifts x candidates)")
    ok = eligible_mask(s, eligible)
    if not fill_first:
        ok &= s > 0.0
    if not ok.any():
        return []
    allowed = s[ok]
    if fill_first:
        # A bonus per placed pair larger than any score difference a whole assignment
        # could make: one more filled shift always wins (see test_rec_placement).
        span = float(allowed.max() - allowed.min())
        bonus = min(s.shape) * span + abs(float(allowed.min())) + 1.0
        value = np.where(ok, s + bonus, 0.0)
    else:
        value = np.where(ok, s, 0.0)
    # Every pair left out of a full assignment is worth 0, so the best full assignment of
    # the completed matrix is the best partial one of the allowed pairs.
    rows, cols = linear_sum_assignment(value, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True) if ok[r, c]]


def placement_total(scores: ArrayLike, pairs: list[tuple[int, int]]) -> float:
    """Return the summed score of placed pairs."""
    s = np.asarray(scores, dtype=np.float64)
    return float(sum(s[r, c] for r, c in pairs))
