"""Adaptive urgent-offer waves: ask the fewest people whose chance of a yes is enough.

Candidates come in ask order (tiers already ordered: ring, on-call, everyone; the ranking
inside each tier), each with P(yes before the wave's deadline) from ``AnswerModel``. A
wave asks the shortest prefix whose chance of at least one yes reaches a target; the
target rises as the start approaches, because a late wave has no second chance. A shift
that even everyone together is unlikely to fill goes to the coordinators at once.

The people are taken as independent; a wave of people who all tend to refuse the same
shift (a bad hour, a far place) is then a little optimistic, which the target absorbs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

TARGET_FAR = 0.5
"""Target a day or more ahead. Time remains for many waves, so one likely yes per wave is
enough and keeps messages few; below an even chance most waves fail and the time to a
confirmed substitute grows past that of a coordinator phoning people in ranked order."""

TARGET_NEAR = 0.9
"""Target two hours or less before the start: this wave is probably the last one that
can be answered and confirmed in time, and a miss leaves someone without care."""

FAR_HOURS = 24.0
NEAR_HOURS = 2.0
"""Lead times (hours) where the target reaches ``TARGET_FAR`` / ``TARGET_NEAR``; between
them it moves linearly in log lead time (each halving of the lead adds the same)."""

HOPELESS_FLOOR = 0.2
"""Below this chance that anyone eligible says yes before the start, messaging them all
mostly spends messages: coordinators, who can phone, stretch limits or split the shift,
should hear of it now rather than after every tier has timed out."""

NO_CANDIDATES = "no_candidates"
LOW_TOTAL_CHANCE = "low_total_chance"
ENOUGH_PENDING = "enough_pending"


@dataclass(frozen=True)
class WavePlan:
    """How many of the next candidates to ask now, and why.

    Attributes
    ----------
    size : int
        Ask the first ``size`` candidates (0 when hopeless or when pending offers suffice).
    chance : float
        P(at least one yes before the wave's deadline), pending offers included.
    target : float
        The chance the wave aimed for.
    total_chance : float
        P(at least one yes before the start) if everyone left were asked now.
    hopeless : bool
        True when ``total_chance`` is below the floor: hand the shift to coordinators.
    reason : str
        Why nobody is asked, else "": ``LOW_TOTAL_CHANCE`` (hopeless), ``NO_CANDIDATES``
        (nobody left to ask; hopeless unless pending offers may still bring a yes) or
        ``ENOUGH_PENDING`` (offers already out reach the target: wait for them).
    """

    size: int
    chance: float
    target: float
    total_chance: float
    hopeless: bool
    reason: str = ""


def combined_chance(p_yes: ArrayLike, already: float = 0.0) -> float:
    """Return 1 - (1 - already) * prod(1 - p): P(at least one yes), people independent."""
    p = np.clip(np.atleast_1d(np.asarray(p_yes, dtype=np.float64)), 0.0, 1.0)
    return 1.0 - (1.0 - min(max(already, 0.0), 1.0)) * float(np.prod(1.0 - p))


def target_chance(lead_hours: float) -> float:
    """Return the chance of a yes a wave should reach, given hours until the start."""
    lead = min(max(lead_hours, NEAR_HOURS), FAR_HOURS)
    share = math.log(FAR_HOURS / lead) / math.log(FAR_HOURS / NEAR_HOURS)
    return TARGET_FAR + (TARGET_NEAR - TARGET_FAR) * share


def wave_size(
    p_yes: ArrayLike, target: float, already: float = 0.0, max_size: int | None = None
) -> int:
    """Return the fewest first candidates reaching ``target`` together with ``already``.

    When no prefix reaches it, everyone (at most ``max_size``) is asked.
    """
    p = np.clip(np.atleast_1d(np.asarray(p_yes, dtype=np.float64)), 0.0, 1.0)
    limit = p.size if max_size is None else min(max(max_size, 0), p.size)
    miss_allowed = math.log1p(-min(target, 1.0)) if target < 1.0 else -math.inf
    miss = math.log1p(-min(max(already, 0.0), 1.0)) + np.concatenate(
        ([0.0], np.cumsum(np.log1p(-p)))
    )
    # miss[n] is log P(no yes) after asking the first n; a hair of slack for rounding.
    reached = np.flatnonzero(miss[: limit + 1] <= miss_allowed + 1e-12)
    return int(reached[0]) if reached.size else limit


def plan_wave(
    p_yes: ArrayLike,
    lead_hours: float,
    *,
    p_before_start: ArrayLike | None = None,
    already: float = 0.0,
    target: float | None = None,
    floor: float = HOPELESS_FLOOR,
    max_size: int | None = None,
) -> WavePlan:
    """Return the next wave for candidates not yet asked, in ask order.

    Parameters
    ----------
    p_yes : array-like
        Each candidate's P(yes before this wave's deadline).
    lead_hours : float
        Hours from now to the shift's start; sets the target unless ``target`` is given.
    p_before_start : array-like, optional
        Each candidate's P(yes before the start), for the hopeless test; ``p_yes`` if None.
    already : float
        P(a yes before the deadline) from offers already out and still answerable.
    target, floor : float
        Override the lead-time target and the hopeless floor.
    max_size : int, optional
        Never ask more than this many at once.
    """
    p = np.atleast_1d(np.asarray(p_yes, dtype=np.float64))
    goal = target_chance(lead_hours) if target is None else float(target)
    whole = p if p_before_start is None else p_before_start
    total = combined_chance(whole, already)
    if total < floor:
        reason = NO_CANDIDATES if p.size == 0 else LOW_TOTAL_CHANCE
        return WavePlan(0, combined_chance([], already), goal, total, True, reason)
    size = wave_size(p, goal, already, max_size)
    reason = "" if size else (ENOUGH_PENDING if p.size else NO_CANDIDATES)
    return WavePlan(size, combined_chance(p[:size], already), goal, total, False, reason)
