"""Avustajatori recommender: explainable ranking of assistants for shifts.

Pure Python + numpy + scikit-learn; never imports flask, portal or SQLAlchemy.
The public API is the matching contract of DESIGN.md section 4.
"""

from .geo import haversine_km
from .index import CandidateIndex, EligibleSet
from .ranker import DEFAULT_WEIGHTS, Ranker
from .types import Candidate, Match, Outcome, ShiftRequest

__all__ = [
    "DEFAULT_WEIGHTS",
    "Candidate",
    "CandidateIndex",
    "EligibleSet",
    "Match",
    "Outcome",
    "Ranker",
    "ShiftRequest",
    "haversine_km",
]
