"""Shared builders for recommender tests."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from recommender import Candidate, ShiftRequest

HELSINKI = ZoneInfo("Europe/Helsinki")
ALWAYS = tuple((d, 0, 1440) for d in range(7))
KEMI = (65.7365, 24.5637)


def local(*args) -> datetime:
    """Return an aware Helsinki datetime."""
    return datetime(*args, tzinfo=HELSINKI)


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
