"""Hours in local terms: minutes per month and ISO week, and night/evening/weekend minutes.

Pure functions over aware UTC spans, classified in Europe/Helsinki time like pay (§6):
evening 18–23, night 23–06, Saturday and Sunday whole local days. Church holidays are not
known here yet, so only Sundays count as Sunday work.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta

from portal.timeutil import to_local

Span = tuple[datetime, datetime]
HOUR = timedelta(hours=1)


def _pieces(span: Span) -> Iterator[tuple[datetime, float]]:
    """(local start, real minutes) pieces that never cross a local hour boundary."""
    start, end = span
    moment = start
    while moment < end:
        local = to_local(moment)
        to_next_hour = HOUR - timedelta(minutes=local.minute, seconds=local.second)
        step = min(end, moment + to_next_hour)
        yield local, (step - moment).total_seconds() / 60
        moment = step


def classify(spans: Iterable[Span]) -> dict[str, float]:
    """Minutes of evening, night, Saturday and Sunday work in the spans."""
    found = {"evening": 0.0, "night": 0.0, "saturday": 0.0, "sunday": 0.0}
    for span in spans:
        for local, minutes in _pieces(span):
            if 18 <= local.hour < 23:
                found["evening"] += minutes
            if local.hour >= 23 or local.hour < 6:
                found["night"] += minutes
            if local.weekday() == 5:
                found["saturday"] += minutes
            if local.weekday() == 6:
                found["sunday"] += minutes
    return found


def by_month(spans: Iterable[Span], *, night_only: bool = False) -> dict[date, float]:
    """Minutes per local calendar month (keyed by its first day)."""
    found: dict[date, float] = defaultdict(float)
    for span in spans:
        for local, minutes in _pieces(span):
            if night_only and not (local.hour >= 23 or local.hour < 6):
                continue
            found[local.date().replace(day=1)] += minutes
    return found


def by_week(spans: Iterable[Span]) -> dict[date, float]:
    """Minutes per local ISO week (keyed by its Monday)."""
    found: dict[date, float] = defaultdict(float)
    for span in spans:
        for local, minutes in _pieces(span):
            found[local.date() - timedelta(days=local.weekday())] += minutes
    return found


def month_bounds(first: date) -> tuple[date, date]:
    """The first day of a month and the first day of the next."""
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, following
