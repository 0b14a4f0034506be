"""Fixtures for recommender tests."""

import pytest
from rec_helpers import ALWAYS, KEMI, local

from recommender import Candidate, ShiftRequest


@pytest.fixture
def make_candidate():
    """Return a factory for candidates near Kemi, free all week by default."""

    def make(cid, **kw):
        kw.setdefault("lat", KEMI[0])
        kw.setdefault("lon", KEMI[1])
        kw.setdefault("max_travel_km", 100.0)
        kw.setdefault("weekly", ALWAYS)
        return Candidate(id=cid, **kw)

    return make


@pytest.fixture
def make_shift():
    """Return a factory for a Monday day shift in Kemi."""

    def make(**kw):
        kw.setdefault("lat", KEMI[0])
        kw.setdefault("lon", KEMI[1])
        kw.setdefault("start", local(2026, 11, 23, 8, 0))
        kw.setdefault("end", local(2026, 11, 23, 16, 0))
        return ShiftRequest(**kw)

    return make
