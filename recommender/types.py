"""The matching contract's plain data types (DESIGN.md section 4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class Candidate:
    """An assistant as the recommender sees them: place, limits, availability, history."""

    id: int
    lat: float
    lon: float
    max_travel_km: float
    weekly: tuple[tuple[int, int, int], ...]
    busy: tuple[tuple[datetime, datetime], ...] = ()
    skills: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    rating_sum: float = 0.0
    rating_count: int = 0
    completed: int = 0
    cancelled_late: int = 0
    on_call: bool = False
    text: str = ""


@dataclass(frozen=True)
class ShiftRequest:
    """A shift an employer needs filled, with its hard limits and soft preferences."""

    lat: float
    lon: float
    start: datetime
    end: datetime
    required_skills: frozenset[str] = frozenset()
    preferred_skills: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    max_distance_km: float | None = None
    min_coverage: float = 1.0
    exclude: frozenset[int] = frozenset()
    ring: frozenset[int] = frozenset()
    text: str = ""
    # A regular position's coming occurrences (aware, not overlapping). When given,
    # coverage is free minutes over all spans / their total minutes; start and end are
    # then the first span. Empty: the single span [start, end), exactly as before.
    spans: tuple[tuple[datetime, datetime], ...] = ()

    def time_spans(self) -> tuple[tuple[datetime, datetime], ...]:
        """The spans coverage is computed over: ``spans``, or the one ``(start, end)``."""
        return self.spans or ((self.start, self.end),)


@dataclass(frozen=True)
class Match:
    """One ranked, eligible candidate; ``reasons`` contributions sum to ``score``."""

    candidate_id: int
    score: float
    distance_km: float
    coverage: float
    reasons: dict[str, float]


@dataclass(frozen=True)
class Outcome:
    """One past offer, for learning: was it accepted, and how was the shift rated."""

    shift: ShiftRequest
    candidate: Candidate
    accepted: bool
    rating: float | None = None
