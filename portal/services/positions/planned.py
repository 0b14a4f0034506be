"""An employer's planned and booked work, and hours per month against the decision."""

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import or_, select

from portal.extensions import db
from portal.models import Booking, Decision, HoursPer, Position, PositionState, Shift, ShiftState
from portal.services.positions import hours
from portal.services.positions.occurrences import employment_busy, occurrences
from portal.timeutil import local_to_utc, today_local

Span = tuple[datetime, datetime]


def employer_spans(
    employer_id: int,
    since: datetime,
    until: datetime,
    *,
    planned: bool,
    skip_shift: int | None = None,
    skip_position: int | None = None,
) -> list[tuple[Span, int | None]]:
    """The employer's work in [since, until) with its assistant (None while not filled).

    Booked: active bookings and employments' worked occurrences. Planned adds open
    shifts and the occurrences of open positions.
    """
    found: list[tuple[Span, int | None]] = []
    rows = db.session.execute(
        select(Booking.starts_at, Booking.ends_at, Booking.assistant_id)
        .join(Shift, Shift.id == Booking.shift_id)
        .where(
            Shift.employer_id == employer_id,
            Booking.cancelled_at.is_(None),
            Booking.starts_at < until,
            Booking.ends_at > since,
        )
    )
    found += [((s, e), aid) for s, e, aid in rows]
    for aid, items in employment_busy(since, until, employer_id=employer_id).items():
        found += [(span, aid) for span, _employer in items]
    if not planned:
        return found
    open_shifts = db.session.execute(
        select(Shift.starts_at, Shift.ends_at).where(
            Shift.employer_id == employer_id,
            Shift.state == ShiftState.OPEN,
            Shift.id != (skip_shift or 0),
            Shift.starts_at < until,
            Shift.ends_at > since,
        )
    )
    found += [((s, e), None) for s, e in open_shifts]
    positions = db.session.scalars(
        select(Position).where(
            Position.employer_id == employer_id,
            Position.state == PositionState.OPEN,
            Position.id != (skip_position or 0),
        )
    )
    for position in positions:
        windows = [(w.weekday, w.start_min, w.end_min) for w in position.windows]
        spans = occurrences(windows, position.starts_on, position.ends_on, since, until)
        found += [(span, None) for span in spans]
    return found


def current_decision(employer_id: int, on: date | None = None) -> Decision | None:
    """The decision in force on a date (the newest one when several are)."""
    on = on or today_local()
    return db.session.scalar(
        select(Decision)
        .where(
            Decision.employer_id == employer_id,
            Decision.valid_from <= on,
            or_(Decision.valid_until.is_(None), Decision.valid_until >= on),
        )
        .order_by(Decision.decided_on.desc(), Decision.id.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class MonthHours:
    """One month's planned and booked hours against the decision."""

    month: date
    planned: float
    booked: float
    granted: float | None


def hours_overview(employer_id: int, months: int = 3) -> list[MonthHours]:
    """Planned and booked hours for this and the next months, with the granted hours."""
    first = today_local().replace(day=1)
    result = []
    for _n in range(months):
        start, after = hours.month_bounds(first)
        since, until = local_to_utc(start, time(0)), local_to_utc(after, time(0))
        planned = sum(
            (e - s).total_seconds()
            for (s, e), _a in employer_spans(employer_id, since, until, planned=True)
        )
        booked = sum(
            (e - s).total_seconds()
            for (s, e), _a in employer_spans(employer_id, since, until, planned=False)
        )
        decision = current_decision(employer_id, first)
        granted = None
        if decision is not None:
            granted = decision.granted_hours
            if decision.hours_per == HoursPer.WEEK:
                granted = round(decision.granted_hours * (after - start).days / 7, 1)
        result.append(MonthHours(first, planned / 3600, booked / 3600, granted))
        first = after
    return result
