"""Shared helpers for positions tests (imported by name, not a conftest)."""

from datetime import date, timedelta

from portal.timeutil import today_local

WEEKDAYS_8_14 = [(d, 480, 840) for d in range(5)]


def next_monday() -> date:
    """The Monday after today (local)."""
    today = today_local()
    return today + timedelta(days=7 - today.weekday())
