"""A weekly pattern's occurrences as real UTC intervals, and employments as busy time.

Occurrences are computed, never stored: an employment runs from its start date, ongoing
or until its end date, and each window on each date is one occurrence (a window whose
end is at or before its start runs over midnight). Reported absences free single ones.
It imports no other service, so matching and bookings can use it.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import OperationalError

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import Absence, AssistantProfile, Employment, PositionWindow
from portal.services.errors import ConflictError
from portal.timeutil import local_span_to_utc, to_local

Window = tuple[int, int, int]  # weekday, start_min, end_min (end <= start: over midnight)
Span = tuple[datetime, datetime]


def clock(minutes: int) -> time:
    """Minutes after midnight as a time (1440 is midnight)."""
    minutes %= 1440
    return time(minutes // 60, minutes % 60)


def window_span(day: date, start_min: int, end_min: int) -> Span:
    """One window on one local date as a UTC interval (DST-aware, over midnight allowed)."""
    return local_span_to_utc(day, clock(start_min), clock(end_min))


def window_minutes(start_min: int, end_min: int) -> int:
    """A window's nominal length in minutes."""
    return end_min - start_min if end_min > start_min else 1440 - start_min + end_min


def weekly_hours(windows: Iterable[Window]) -> float:
    """Hours per week of a pattern."""
    return sum(window_minutes(s, e) for _w, s, e in windows) / 60


def occurrences(
    windows: Iterable[Window],
    starts_on: date,
    ends_on: date | None,
    since: datetime,
    until: datetime,
) -> list[Span]:
    """Occurrences dated starts_on..ends_on that overlap [since, until), in time order."""
    windows = list(windows)
    first = max(starts_on, to_local(since).date() - timedelta(days=1))
    last = to_local(until).date()
    if ends_on is not None:
        last = min(last, ends_on)
    found = []
    day = first
    while day <= last:
        for weekday, start, end in windows:
            if weekday == day.weekday():
                span = window_span(day, start, end)
                if span[1] > since and span[0] < until:
                    found.append(span)
        day += timedelta(days=1)
    return sorted(found)


def _windows_of(position_ids: set[int]) -> dict[int, list[Window]]:
    rows = db.session.execute(
        select(
            PositionWindow.position_id,
            PositionWindow.weekday,
            PositionWindow.start_min,
            PositionWindow.end_min,
        ).where(PositionWindow.position_id.in_(position_ids))
    )
    found: dict[int, list[Window]] = defaultdict(list)
    for position_id, weekday, start, end in rows:
        found[position_id].append((weekday, start, end))
    return found


def employment_busy(
    since: datetime,
    until: datetime,
    assistant_ids: Iterable[int] | None = None,
    *,
    employer_id: int | None = None,
    skip_employment: int | None = None,
) -> dict[int, list[tuple[Span, int]]]:
    """Worked occurrences in [since, until): assistant id -> [(span, employer id)].

    Absences (days off) are left out: that time is free, a substitute works it.
    """
    query = select(Employment).where(
        Employment.starts_on <= to_local(until).date(),
        or_(
            Employment.ends_on.is_(None),
            Employment.ends_on >= to_local(since).date() - timedelta(days=1),
        ),
    )
    if assistant_ids is not None:
        query = query.where(Employment.assistant_id.in_(sorted({int(a) for a in assistant_ids})))
    if employer_id is not None:
        query = query.where(Employment.employer_id == employer_id)
    if skip_employment is not None:
        query = query.where(Employment.id != skip_employment)
    jobs = list(db.session.scalars(query))
    if not jobs:
        return {}
    windows = _windows_of({job.position_id for job in jobs})
    off = set(
        db.session.execute(
            select(Absence.employment_id, Absence.starts_at).where(
                and_(
                    Absence.employment_id.in_([job.id for job in jobs]),
                    Absence.starts_at < until,
                    Absence.ends_at > since,
                )
            )
        ).all()
    )
    busy: dict[int, list[tuple[Span, int]]] = defaultdict(list)
    for job in jobs:
        for span in occurrences(windows[job.position_id], job.starts_on, job.ends_on, since, until):
            if (job.id, span[0]) not in off:
                busy[job.assistant_id].append((span, job.employer_id))
    return busy


def overlapping(spans: Iterable[Span], others: Iterable[Span]) -> list[Span]:
    """The spans that overlap any of the others."""
    others = sorted(others)
    return [s for s in spans if any(o[0] < s[1] and s[0] < o[1] for o in others)]


def lock_assistant(assistant_id: int) -> None:
    """Take the assistant's row lock until commit: one booking or hiring of them at a time.

    Bookings cannot overlap each other (the exclusion constraint / triggers); employments'
    occurrences are computed, so a confirm and a hire of the same assistant serialise on
    this no-op UPDATE (a row lock on PostgreSQL, the write lock on SQLite) and then check
    in a fresh snapshot what the other committed.
    """
    try:
        db.session.execute(
            update(AssistantProfile)
            .where(AssistantProfile.user_id == assistant_id)
            .values(updated_at=AssistantProfile.updated_at)
            .execution_options(synchronize_session=False)
        )
    except OperationalError as error:  # SQLite: another writer held the lock too long
        raise ConflictError(
            _("Someone else was booking this assistant at the same moment. Reload and check.")
        ) from error


def busy_message() -> str:
    """What a confirmation that clashes with a regular occurrence says."""
    return _("The assistant works in a regular position at that time.")


def works_regularly_at(assistant_id: int, start: datetime, end: datetime) -> bool:
    """The assistant has a regular occurrence (not a day off) overlapping [start, end)."""
    items = employment_busy(start, end, [assistant_id]).get(assistant_id, [])
    return any(s < end and start < e for (s, e), _employer in items)
