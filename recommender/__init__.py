"""Avustajatori recommender: explainable ranking of assistants for shifts.

Pure Python + numpy + scikit-learn; never imports flask, portal or SQLAlchemy.
The public API is the matching contract of DESIGN.md section 4.

Notes for the adapter (``portal/services/matching.py``):

- ``CandidateIndex(candidates, ranker=None)`` snapshots candidates into numpy arrays.
  ``index.update(candidate)`` inserts or replaces by id, ``index.remove(id)`` drops one,
  ``index.rebuild()`` compacts (and refits the text IDF); all are visible to the next
  ``rank``. Queries and changes share one lock, so a worker's threads may share an index.
- ``index.eligible(shift)`` returns every eligible candidate with distance, coverage and
  the signal matrix, unsorted: useful for offer tiers (ring, on-call, the rest).
- Datetimes must be aware. Add durations in UTC: ``aware + timedelta`` is wall-clock
  arithmetic in Python, so 22:00 + 12 h across the October DST change is 13 real hours.
- Weekly windows are (weekday 0=Mon, start_min, end_min) in Helsinki local time with
  0 <= start < end <= 1440; an empty or reversed window counts as no window, a weekday
  outside 0..6 is a ValueError. Coverage is the measure of free real time over the shift
  (exactly the share of free minutes when times are whole minutes).
- A fitted ``Ranker`` is saved with ``ranker.save(path)`` / ``Ranker.load(path)`` (JSON).
- Urgent fill (issue 14). ``AnswerModel().fit(with_history(records))`` learns
  P(yes within a window) from ``OfferRecord``s (answer "yes"/"no"/"none", delay, how long
  it stayed open, an ``OfferContext``); ``predict_yes_within(contexts, minutes)``. Save and
  load it as JSON like the ranker. ``plan_wave(p_yes, lead_hours, ...)`` sizes the next
  wave (a ``WavePlan``; ``hopeless`` means: tell coordinators now, with ``reason``).
  ``place(scores)`` assigns many shifts at once (rows shifts, columns candidates,
  ``-inf`` ineligible) with ``scipy.optimize.linear_sum_assignment``.
- ``recommender.geo.haversine_km`` (R = 6391.7 km) is the straight-line distance used
  everywhere; the portal's ``DistanceEstimator`` multiplies it by a detour factor.
"""

from .answer_model import AnswerModel
from .geo import haversine_km
from .index import CandidateIndex, EligibleSet
from .offers import OfferContext, OfferRecord, with_history
from .placement import place, placement_total
from .ranker import DEFAULT_WEIGHTS, Ranker
from .types import Candidate, Match, Outcome, ShiftRequest
from .waves import WavePlan, combined_chance, plan_wave, target_chance, wave_size

__all__ = [
    "DEFAULT_WEIGHTS",
    "AnswerModel",
    "Candidate",
    "CandidateIndex",
    "EligibleSet",
    "Match",
    "OfferContext",
    "OfferRecord",
    "Outcome",
    "Ranker",
    "ShiftRequest",
    "WavePlan",
    "combined_chance",
    "haversine_km",
    "place",
    "placement_total",
    "plan_wave",
    "target_chance",
    "wave_size",
    "with_history",
]
