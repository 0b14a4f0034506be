"""Past urgent offers as plain records, and the features the answer model reads from them.

An offer is known only as far as it was watched: a yes or no answer is known for every
window, an unanswered offer only up to the time it stayed answerable (``open_minutes``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from itertools import accumulate
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from .types import FloatArray

Answer = Literal["yes", "no", "none"]
ANSWERS: tuple[Answer, ...] = ("yes", "no", "none")

CONTEXT_FEATURES: tuple[str, ...] = (
    "tier_2",
    "tier_3",
    "distance_10km",
    "in_ring",
    "on_call",
    "night_start",
    "sent_at_night",
    "log_lead_hours",
    "own_answers",
    "own_yes",
)
"""Columns of ``context_matrix``: the offer's situation and the person's own record."""

AWAKE_GRID_MIN: tuple[float, ...] = (0, 2, 5, 10, 20, 30, 60, 120, 240, 480, 900, 1800)
"""Awake minutes since the offer at which the answer rate may change (piecewise constant).

Most answers come in the first minutes or not for hours; 900 awake minutes is one day
(07-22), and time past 1800 (two days) counts as 1800.
"""


@dataclass(frozen=True)
class OfferContext:
    """What is known about an offer when it is sent, including the person's own record.

    ``sent_hour`` and ``start_hour`` are local (Europe/Helsinki) times of day in hours,
    fractions allowed (22.5 is 22:30). ``past_*`` count this person's earlier offers that
    had ended (answered or closed) when this one was sent; ``with_history`` fills them.
    """

    tier: int
    distance_km: float
    in_ring: bool
    on_call: bool
    sent_hour: float
    start_hour: float
    lead_hours: float
    past_offers: int = 0
    past_answers: int = 0
    past_yes: int = 0


@dataclass(frozen=True)
class OfferRecord:
    """One past offer: its context, the answer, how soon, and how long it was watched.

    ``delay_minutes`` (sent to answered) is required for a yes or no; ``open_minutes`` is
    how long an unanswered offer stayed answerable (until withdrawn, expired or now).
    """

    assistant_id: int
    sent_at: datetime
    context: OfferContext
    answer: Answer
    delay_minutes: float | None = None
    open_minutes: float = 0.0

    def __post_init__(self) -> None:
        """Reject records the model could misread."""
        if self.answer not in ANSWERS:
            raise ValueError(f"answer must be one of {ANSWERS}, not {self.answer!r}")
        if self.answer != "none" and (self.delay_minutes is None or self.delay_minutes < 0):
            raise ValueError("an answered offer needs delay_minutes >= 0")
        if self.open_minutes < 0:
            raise ValueError("open_minutes must be >= 0")

    def ended_at(self) -> datetime:
        """Return when the outcome became known: the answer, or the offer's closing."""
        minutes = self.delay_minutes if self.answer != "none" else self.open_minutes
        return self.sent_at + timedelta(minutes=float(minutes or 0.0))


def with_history(records: Iterable[OfferRecord]) -> list[OfferRecord]:
    """Return the records with ``past_*`` counted from the same person's earlier offers.

    Only offers whose outcome was known when this one was sent count, so fitting on the
    result never lets an offer see its own future.
    """
    rows = list(records)
    by_person: dict[int, list[OfferRecord]] = {}
    for r in rows:
        by_person.setdefault(r.assistant_id, []).append(r)
    known: dict[int, tuple[list[datetime], list[int], list[int]]] = {}
    for pid, rs in by_person.items():
        rs.sort(key=OfferRecord.ended_at)
        answered = list(accumulate((r.answer != "none" for r in rs), initial=0))
        said_yes = list(accumulate((r.answer == "yes" for r in rs), initial=0))
        known[pid] = ([r.ended_at() for r in rs], answered, said_yes)
    out = []
    for r in rows:
        ended, answered, said_yes = known[r.assistant_id]
        n = bisect_left(ended, r.sent_at)  # strictly before: never the offer itself
        ctx = replace(r.context, past_offers=n, past_answers=answered[n], past_yes=said_yes[n])
        out.append(replace(r, context=ctx))
    return out


def smoothed_rate(
    hits: ArrayLike, trials: ArrayLike, prior_rate: float, strength: float
) -> FloatArray:
    """Return (hits + strength * prior_rate) / (trials + strength): a Beta-smoothed rate.

    With no trials this is the prior rate itself; each trial moves it a little.
    """
    h = np.asarray(hits, dtype=np.float64)
    n = np.asarray(trials, dtype=np.float64)
    out: FloatArray = (h + strength * prior_rate) / (n + strength)
    return out


def logit(p: ArrayLike) -> FloatArray:
    """Return log(p / (1 - p)), with p clipped away from 0 and 1."""
    q = np.clip(np.asarray(p, dtype=np.float64), 1e-6, 1.0 - 1e-6)
    out: FloatArray = np.log(q / (1.0 - q))
    return out


def in_night(hour: ArrayLike, night: tuple[float, float]) -> FloatArray:
    """Return 1.0 where a local hour lies in the night ``(from, to)`` (may wrap midnight)."""
    h = np.asarray(hour, dtype=np.float64) % 24.0
    start, end = night
    inside = (h >= start) | (h < end) if start > end else (h >= start) & (h < end)
    return inside.astype(np.float64)


def _awake_before(minute_of_day: FloatArray, night: tuple[float, float]) -> FloatArray:
    """Return awake minutes from midnight to ``minute_of_day`` (0..1440) of one day."""
    start, end = night[0] * 60.0, night[1] * 60.0
    spans = [(end, start)] if start > end else [(0.0, start), (end, 1440.0)]
    total = np.zeros_like(minute_of_day)
    for a, b in spans:
        total += np.clip(minute_of_day - a, 0.0, b - a)
    return total


def awake_minutes(
    sent_hour: ArrayLike, window_minutes: ArrayLike, night: tuple[float, float]
) -> FloatArray:
    """Return the minutes of ``[sent, sent + window)`` that fall outside the night."""
    t0 = (np.asarray(sent_hour, dtype=np.float64) % 24.0) * 60.0
    t1 = t0 + np.maximum(np.asarray(window_minutes, dtype=np.float64), 0.0)
    per_day = _awake_before(np.array(1440.0), night)

    def cumulative(t: FloatArray) -> FloatArray:
        days = np.floor(t / 1440.0)
        return days * per_day + _awake_before(t - days * 1440.0, night)

    out: FloatArray = cumulative(t1) - cumulative(t0)
    return out


def context_matrix(
    contexts: Sequence[OfferContext],
    night: tuple[float, float],
    population: tuple[float, float],
    strength: float,
) -> FloatArray:
    """Return the (n, len(CONTEXT_FEATURES)) matrix of offer contexts.

    ``population`` is (answers per offer, yeses per answer) over everyone; a person's own
    Beta-smoothed rates enter as log-odds against it, so a newcomer's are exactly 0.
    """
    n = len(contexts)

    def col(attr: str) -> FloatArray:
        return np.array([float(getattr(c, attr)) for c in contexts], dtype=np.float64)

    tier, offers, answers = col("tier"), col("past_offers"), col("past_answers")
    answer_rate, yes_rate = population
    cols = {
        "tier_2": (tier == 2).astype(np.float64),
        "tier_3": (tier >= 3).astype(np.float64),
        "distance_10km": col("distance_km") / 10.0,
        "in_ring": col("in_ring"),
        "on_call": col("on_call"),
        "night_start": in_night(col("start_hour"), night),
        "sent_at_night": in_night(col("sent_hour"), night),
        "log_lead_hours": np.log1p(np.maximum(col("lead_hours"), 0.0)),
        "own_answers": logit(smoothed_rate(answers, offers, answer_rate, strength))
        - logit(answer_rate),
        "own_yes": logit(smoothed_rate(col("past_yes"), answers, yes_rate, strength))
        - logit(yes_rate),
    }
    return np.column_stack([cols[f] for f in CONTEXT_FEATURES]).reshape(n, len(CONTEXT_FEATURES))


def exposure(awake: ArrayLike) -> FloatArray:
    """Return (n, intervals) awake minutes spent in each ``AWAKE_GRID_MIN`` interval.

    ``awake`` is each offer's awake minutes at risk; time past the last knot is capped.
    """
    tau = np.minimum(np.atleast_1d(np.asarray(awake, dtype=np.float64)), AWAKE_GRID_MIN[-1])
    lo = np.array(AWAKE_GRID_MIN[:-1], dtype=np.float64)
    hi = np.array(AWAKE_GRID_MIN[1:], dtype=np.float64)
    out: FloatArray = np.clip(tau[:, None] - lo, 0.0, hi - lo)
    return out


def night_rate(rows: Sequence[OfferRecord], night: tuple[float, float]) -> float | None:
    """Return answers per night minute at risk of offers sent at night; None if none watched.

    Night minutes are not awake time, but whether people answer then is learned, not
    assumed: a night watched in silence gives a rate near 0 (the Jeffreys estimate, half
    an answer over the minutes), nights with answers a rate the round can plan with.
    Only offers sent at night count: an evening offer answered at 22:10 was read by
    someone still up, which the awake rate already covers.
    """
    rows = [r for r in rows if in_night(r.context.sent_hour, night) > 0]
    sent = np.array([r.context.sent_hour for r in rows], dtype=np.float64)
    answered = np.array([r.answer != "none" for r in rows], dtype=bool)
    minutes = np.array(
        [float(r.delay_minutes or 0.0) if r.answer != "none" else r.open_minutes for r in rows]
    )
    at_risk = float((minutes - awake_minutes(sent, minutes, night)).sum())
    if at_risk <= 0.0:
        return None
    at_night = answered & (in_night(sent + minutes / 60.0, night) > 0)
    return (float(at_night.sum()) + 0.5) / at_risk
