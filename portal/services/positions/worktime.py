"""Working Hours Act warnings: 11 hours of daily rest, at most 48 hours a week.

Counted over all of the assistant's work (bookings and regular occurrences with every
employer); the messages name dates and hours, never the other employers.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from flask_babel import format_date
from sqlalchemy import select

from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import number
from portal.models import Booking
from portal.services.positions import hours
from portal.services.positions.occurrences import employment_busy
from portal.services.positions.warnings import WORKTIME, RuleWarning
from portal.timeutil import to_local

Span = tuple[datetime, datetime]
DAILY_REST = timedelta(hours=11)
WEEKLY_MAX_HOURS = 48
MARGIN = timedelta(days=8)


def assistant_work(
    assistant_id: int, since: datetime, until: datetime, skip_employment: int | None = None
) -> list[Span]:
    """The assistant's booked and regular work overlapping [since, until), any employer."""
    rows = db.session.execute(
        select(Booking.starts_at, Booking.ends_at).where(
            Booking.assistant_id == assistant_id,
            Booking.cancelled_at.is_(None),
            Booking.starts_at < until,
            Booking.ends_at > since,
        )
    )
    spans = [(s, e) for s, e in rows]
    regular = employment_busy(since, until, [assistant_id], skip_employment=skip_employment)
    spans += [span for span, _employer in regular.get(assistant_id, [])]
    return spans


def _merge(spans: Iterable[Span]) -> list[Span]:
    merged: list[list[datetime]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def _longest_rest(periods: list[Span], start: datetime) -> timedelta:
    """The longest break in the 24 hours from a work period's start."""
    end = start + timedelta(hours=24)
    cursor, longest = start, timedelta(0)
    for s, e in periods:
        if e <= start or s >= end:
            continue
        longest = max(longest, max(s, start) - cursor)
        cursor = max(cursor, min(e, end))
    return max(longest, end - cursor)


def worktime_warnings(
    assistant_id: int, new: list[Span], skip_employment: int | None = None
) -> list[RuleWarning]:
    """Warnings if adding `new` work leaves under 11 h daily rest or over 48 h in a week."""
    if not new:
        return []
    since, until = min(s for s, _e in new) - MARGIN, max(e for _s, e in new) + MARGIN
    others = assistant_work(assistant_id, since, until, skip_employment)
    periods = _merge(others + new)
    found: list[RuleWarning] = []
    short_days = set()
    for s, _e in periods:
        touches_new = any(
            ns < s + timedelta(hours=24) and s - timedelta(hours=24) < ne for ns, ne in new
        )
        if touches_new and _longest_rest(periods, s) < DAILY_REST:
            short_days.add(to_local(s).date())
    for day in sorted(short_days):
        found.append(
            RuleWarning(
                WORKTIME,
                _(
                    "The assistant would have less than 11 hours of rest in the 24 hours from "
                    "the work starting on %(day)s (all their employers counted).",
                    day=format_date(day, "d.M.yyyy"),
                ),
            )
        )
    totals, added = hours.by_week(_merge(others + new)), hours.by_week(new)
    for monday in sorted(added):
        if totals[monday] / 60 > WEEKLY_MAX_HOURS + 1e-9:
            found.append(
                RuleWarning(
                    WORKTIME,
                    _(
                        "The assistant would work %(hours)s h in the week of %(monday)s, more "
                        "than 48 h (all their employers counted).",
                        hours=number(totals[monday] / 60),
                        monday=format_date(monday, "d.M.yyyy"),
                    ),
                )
            )
    return found
