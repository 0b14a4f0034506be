"""Shared constants and builders for recommender tests (imported by name, not a conftest)."""

from datetime import datetime
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")
ALWAYS = tuple((d, 0, 1440) for d in range(7))
KEMI = (65.7365, 24.5637)


def local(*args) -> datetime:
    """Return an aware Helsinki datetime."""
    return datetime(*args, tzinfo=HELSINKI)
