"""What there is to record: a piece of booked work, and employments' occurrences as work.

An employment's occurrences on one local day are one piece of work (one timesheet per
employment and day); a day reported off (an Absence) is not work.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select

from portal.extensions import db
from portal.models import Absence, Employment, Position, PositionWindow
from portal.services.positions.occurrences import Span, Window, occurrences
from portal.timeutil import local_to_utc, to_local

WorkKey = tuple[int | None, int | None, date | None]  # booking, employment, work day


@dataclass(frozen=True)
class Work:
    """One piece of work to record: who worked for whom, when it was planned."""

    booking_id: int | None
    employer_id: int
    assistant_id: int
    title: str
    planned_start: datetime
    planned_end: datetime
    employment_id: int | None = None
    work_day: date | None = None

    @property
    def day(self) -> date:
        """The local day the work was planned to start (its pay period's day)."""
        return to_local(self.planned_start).date()

    @property
    def key(self) -> WorkKey:
        """The work's identity as a timesheet stores it."""
        return (self.booking_id, self.employment_id, self.work_day)


def occurrence_items(
    first: date,
    last: date,
    *,
    employer_id: int | None = None,
    assistant_id: int | None = None,
    employment_id: int | None = None,
) -> list[Work]:
    """Employments' occurrences (not days off) on local days first..last as work."""
    query = (
        select(Employment, Position.title)
        .join(Position, Position.id == Employment.position_id)
        .where(
            Employment.starts_on <= last,
            or_(Employment.ends_on.is_(None), Employment.ends_on >= first),
        )
    )
    if employer_id is not None:
        query = query.where(Employment.employer_id == employer_id)
    if assistant_id is not None:
        query = query.where(Employment.assistant_id == assistant_id)
    if employment_id is not None:
        query = query.where(Employment.id == employment_id)
    jobs = db.session.execute(query).all()
    if not jobs:
        return []
    windows: dict[int, list[Window]] = defaultdict(list)
    for position_id, weekday, start, end in db.session.execute(
        select(
            PositionWindow.position_id,
            PositionWindow.weekday,
            PositionWindow.start_min,
            PositionWindow.end_min,
        ).where(PositionWindow.position_id.in_({job.position_id for job, _title in jobs}))
    ):
        windows[position_id].append((weekday, start, end))
    since = local_to_utc(first, time(0))
    until = local_to_utc(last + timedelta(days=1), time(0))
    off = set(
        db.session.execute(
            select(Absence.employment_id, Absence.starts_at).where(
                Absence.employment_id.in_([job.id for job, _title in jobs]),
                Absence.starts_at >= since - timedelta(days=1),
                Absence.starts_at < until,
            )
        ).all()
    )
    found = []
    for job, title in jobs:
        by_day: dict[date, list[Span]] = defaultdict(list)
        for span in occurrences(windows[job.position_id], job.starts_on, job.ends_on, since, until):
            day = to_local(span[0]).date()
            if first <= day <= last and (job.id, span[0]) not in off:
                by_day[day].append(span)
        for day, spans in by_day.items():
            begins, ends = min(s for s, _e in spans), max(e for _s, e in spans)
            found.append(
                Work(None, job.employer_id, job.assistant_id, title, begins, ends, job.id, day)
            )
    return found


def occurrence_of(employment_id: int, day: date) -> Work | None:
    """An employment's work on one local day (None when none or taken off)."""
    items = occurrence_items(day, day, employment_id=employment_id)
    return items[0] if items else None
