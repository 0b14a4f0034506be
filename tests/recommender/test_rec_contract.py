"""The public API matches DESIGN.md section 4 field by field."""

import dataclasses
import inspect

import recommender
from recommender import Candidate, CandidateIndex, Match, Outcome, Ranker, ShiftRequest

NO = dataclasses.MISSING


def spec(cls):
    """Return [(name, default)] of a dataclass."""
    return [(f.name, f.default) for f in dataclasses.fields(cls)]


def test_dataclass_fields_and_defaults_follow_the_contract():
    """Names, order and defaults are exactly the contract's; all are frozen."""
    assert spec(Candidate) == [
        ("id", NO), ("lat", NO), ("lon", NO), ("max_travel_km", NO), ("weekly", NO),
        ("busy", ()), ("skills", frozenset()), ("languages", frozenset()),
        ("rating_sum", 0.0), ("rating_count", 0), ("completed", 0), ("cancelled_late", 0),
        ("on_call", False), ("text", ""),
    ]  # fmt: skip
    assert spec(ShiftRequest) == [
        ("lat", NO), ("lon", NO), ("start", NO), ("end", NO),
        ("required_skills", frozenset()), ("preferred_skills", frozenset()),
        ("languages", frozenset()), ("max_distance_km", None), ("min_coverage", 1.0),
        ("exclude", frozenset()), ("ring", frozenset()), ("text", ""), ("spans", ()),
    ]  # fmt: skip
    assert spec(Match) == [
        ("candidate_id", NO), ("score", NO), ("distance_km", NO), ("coverage", NO),
        ("reasons", NO),
    ]  # fmt: skip
    assert spec(Outcome) == [("shift", NO), ("candidate", NO), ("accepted", NO), ("rating", None)]
    for cls in (Candidate, ShiftRequest, Match, Outcome):
        assert cls.__dataclass_params__.frozen


def test_public_names_and_signatures():
    """The contract's names are exported; constructor and rank signatures match."""
    for name in ("Candidate", "ShiftRequest", "Match", "Outcome", "Ranker", "CandidateIndex"):
        assert name in recommender.__all__
    init = inspect.signature(CandidateIndex.__init__)
    assert list(init.parameters) == ["self", "candidates", "ranker"]
    assert init.parameters["ranker"].default is None
    rank = inspect.signature(CandidateIndex.rank)
    assert list(rank.parameters) == ["self", "shift", "k"]
    assert rank.parameters["k"].default == 20
    assert list(inspect.signature(Ranker.fit).parameters) == ["self", "outcomes"]
