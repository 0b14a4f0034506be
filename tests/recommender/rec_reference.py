"""A slow, obviously-correct reference for eligibility: minute by minute, geopy geodesic."""

from __future__ import annotations

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from geopy.distance import geodesic

HELSINKI = ZoneInfo("Europe/Helsinki")
MINUTE = timedelta(minutes=1)


def shift_minutes(shift):
    """Return (weekday, minute of day, UTC instant) of every real minute of the shift."""
    start = shift.start.astimezone(UTC)  # subtracting same-tz aware datetimes ignores DST
    n = round((shift.end.astimezone(UTC) - start) / MINUTE)
    out = []
    for i in range(n):
        t = start + i * MINUTE
        local = t.astimezone(HELSINKI)
        out.append((local.weekday(), local.hour * 60 + local.minute, t))
    return out


def coverage(candidate, minutes) -> float:
    """Return the share of minutes inside a weekly window and outside every busy interval."""
    free = 0
    for wd, mm, t in minutes:
        in_window = any(w == wd and a <= mm < b for w, a, b in candidate.weekly)
        busy = any(bs <= t < be for bs, be in candidate.busy)
        if in_window and not busy:
            free += 1
    return free / len(minutes)


def geodesic_km(shift, candidate) -> float:
    """Return the WGS-84 geodesic distance in km."""
    return geodesic((shift.lat, shift.lon), (candidate.lat, candidate.lon)).km


def eligible_with_slack(shift, candidates, distance_slack: float):
    """Return ({id: coverage} strict, {id: coverage} lenient): distance limits scaled by
    (1 - slack) and (1 + slack); every other rule is exact in both."""
    minutes = shift_minutes(shift)
    strict, lenient = {}, {}
    for c in candidates:
        if c.id in shift.exclude:
            continue
        if not shift.required_skills <= c.skills:
            continue
        if shift.languages and not shift.languages & c.languages:
            continue
        limit = c.max_travel_km
        if shift.max_distance_km is not None:
            limit = min(limit, shift.max_distance_km)
        d = geodesic_km(shift, c)
        if not d <= limit * (1.0 + distance_slack):
            continue
        cov = coverage(c, minutes)
        if cov >= shift.min_coverage:
            lenient[c.id] = cov
            if d <= limit * (1.0 - distance_slack):
                strict[c.id] = cov
    return strict, lenient
