"""Timesheets: the assistant records actual hours, the employer approves or returns them.

Work to record comes from `work_items`/`work_of`, the one place that knows what booked
work is: bookings, and employments' occurrences (pay/work.py; a Timesheet then points
at the employment and the day instead of a booking). Every change claims its period sheet first
(periods.claim_open) and moves the timesheet with a conditional UPDATE on its state, so
two decisions, or a decision and the period lock, never both win.
"""

from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Row, Select, select, update
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import Booking, Shift, Timesheet, TimesheetState, User
from portal.notify.dispatch import tell
from portal.notify.tokens import public_url
from portal.services.errors import ConflictError, DomainError, NotFoundError
from portal.services.pay.periods import claim_open, ensure_sheet, period_for, rowcount
from portal.services.pay.work import Work as Work
from portal.services.pay.work import WorkKey, occurrence_items, occurrence_of
from portal.timeutil import local_to_utc

MAX_SHIFT = timedelta(hours=24)
SLACK = timedelta(hours=12)  # how far actual times may stray from the planned ones
EDITABLE = (TimesheetState.SUBMITTED, TimesheetState.RETURNED)


def _work_query() -> Select[Booking, int, str]:
    return (
        select(Booking, Shift.employer_id, Shift.title)
        .join(Shift, Shift.id == Booking.shift_id)
        .where(Booking.cancelled_at.is_(None), Booking.no_show.is_(False))
    )


def _work(row: Row[Booking, int, str]) -> Work:
    booking, employer_id, title = row
    return Work(
        booking.id, employer_id, booking.assistant_id, title, booking.starts_at, booking.ends_at
    )


def work_of(booking_id: int) -> Work | None:
    """The work of one booking (None when cancelled, a no-show or unknown)."""
    row = db.session.execute(_work_query().where(Booking.id == booking_id)).first()
    return _work(row) if row else None


def work_items(
    first: date, last: date, *, employer_id: int | None = None, assistant_id: int | None = None
) -> list[Work]:
    """Booked work and occurrences planned to start on local days first..last, in time order."""
    since = local_to_utc(first, time(0))
    until = local_to_utc(last + timedelta(days=1), time(0))
    query = _work_query().where(Booking.starts_at >= since, Booking.starts_at < until)
    if employer_id is not None:
        query = query.where(Shift.employer_id == employer_id)
    if assistant_id is not None:
        query = query.where(Booking.assistant_id == assistant_id)
    query = query.order_by(Booking.starts_at, Booking.id)
    items = [_work(row) for row in db.session.execute(query)]
    items += occurrence_items(first, last, employer_id=employer_id, assistant_id=assistant_id)
    return sorted(items, key=lambda w: (w.planned_start, w.booking_id or 0, w.employment_id or 0))


def _where_work(
    booking_id: int | None, employment_id: int | None, work_day: date | None
) -> ColumnElement[bool]:
    if booking_id is not None:
        return Timesheet.booking_id == booking_id
    return (Timesheet.employment_id == employment_id) & (Timesheet.work_day == work_day)


def timesheet_of(
    booking_id: int | None, employment_id: int | None = None, work_day: date | None = None
) -> Timesheet | None:
    """The timesheet recorded for a booking (or an employment's day), if any."""
    return db.session.scalar(
        select(Timesheet).where(_where_work(booking_id, employment_id, work_day))
    )


def key_of(timesheet: Timesheet) -> WorkKey:
    """The identity of a timesheet's work, as Work.key."""
    return (timesheet.booking_id, timesheet.employment_id, timesheet.work_day)


def timesheets_for(items: list[Work]) -> dict[WorkKey, Timesheet]:
    """The timesheets recorded for these pieces of work, by Work.key."""
    bookings = [w.booking_id for w in items if w.booking_id is not None]
    jobs = {w.employment_id for w in items if w.employment_id is not None}
    found: dict[WorkKey, Timesheet] = {}
    if bookings:
        found.update(
            (key_of(t), t)
            for t in db.session.scalars(select(Timesheet).where(Timesheet.booking_id.in_(bookings)))
        )
    if jobs:
        days = [w.work_day for w in items if w.work_day is not None]
        found.update(
            (key_of(t), t)
            for t in db.session.scalars(
                select(Timesheet).where(
                    Timesheet.employment_id.in_(jobs),
                    Timesheet.work_day >= min(days),
                    Timesheet.work_day <= max(days),
                )
            )
        )
    return found


def own_work(
    actor: User,
    booking_id: int | None,
    now: datetime,
    employment_id: int | None = None,
    work_day: date | None = None,
) -> Work:
    """The actor's own booked work (or occurrence) that has begun, or NotFoundError."""
    if booking_id is not None:
        work = work_of(booking_id)
    elif employment_id is not None and work_day is not None:
        work = occurrence_of(employment_id, work_day)
    else:
        work = None
    if work is None or work.assistant_id != actor.id:
        raise NotFoundError(_("No such shift."))
    if work.planned_start > now:
        raise DomainError(_("You can record the hours once the shift has begun."))
    return work


def _check_times(work: Work, start: datetime, end: datetime, break_minutes: int) -> None:
    if end <= start:
        raise DomainError(_("The end must be after the start."), "end")
    if end - start > MAX_SHIFT:
        raise DomainError(_("One record may be at most 24 hours long."), "end")
    if abs(start - work.planned_start) > SLACK:
        raise DomainError(_("The start is too far from the planned start."), "start")
    if not 0 <= break_minutes < (end - start).total_seconds() // 60:
        raise DomainError(_("The breaks must be shorter than the work."), "break_minutes")


def record(
    actor: User,
    booking_id: int | None,
    *,
    start: datetime,
    end: datetime,
    break_minutes: int,
    now: datetime,
    employment_id: int | None = None,
    work_day: date | None = None,
) -> Timesheet:
    """The assistant records (or corrects) the actual start, end and unpaid breaks."""
    work = own_work(actor, booking_id, now, employment_id, work_day)
    _check_times(work, start, end, break_minutes)
    sheet = ensure_sheet(work.employer_id, period_for(work.employer_id, work.day))
    claim_open(sheet, now)
    values = dict(
        actual_start=start,
        actual_end=end,
        break_minutes=break_minutes,
        state=TimesheetState.SUBMITTED,
        submitted_at=now,
    )
    existing = timesheet_of(work.booking_id, work.employment_id, work.work_day)
    if existing is None:
        timesheet = Timesheet(
            sheet_id=sheet.id,
            booking_id=work.booking_id,
            employment_id=work.employment_id,
            work_day=work.work_day,
            assistant_id=actor.id,
        )
        for key, value in values.items():
            setattr(timesheet, key, value)
        try:
            with db.session.begin_nested():
                db.session.add(timesheet)
        except IntegrityError as error:
            raise ConflictError(_("These hours were recorded a moment ago. Reload.")) from error
        return timesheet
    changed = db.session.execute(
        update(Timesheet)
        .where(Timesheet.id == existing.id, Timesheet.state.in_(EDITABLE))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if rowcount(changed) != 1:
        raise ConflictError(_("These hours are already approved."))
    db.session.refresh(existing)
    return existing


def _employers_timesheet(actor: User, timesheet_id: int) -> Timesheet:
    timesheet = db.session.get(Timesheet, timesheet_id)
    if timesheet is None or timesheet.sheet.employer_id != actor.id:
        raise NotFoundError(_("No such timesheet."))
    return timesheet


def _decide(
    actor: User, timesheet: Timesheet, state: TimesheetState, comment: str, now: datetime
) -> Timesheet:
    """Move a submitted timesheet to `state`, or ConflictError if someone was first."""
    claim_open(timesheet.sheet, now)
    changed = db.session.execute(
        update(Timesheet)
        .where(Timesheet.id == timesheet.id, Timesheet.state == TimesheetState.SUBMITTED)
        .values(state=state, comment=comment, decided_at=now, decided_by_id=actor.id)
        .execution_options(synchronize_session=False)
    )
    if rowcount(changed) != 1:
        raise ConflictError(_("These hours were already handled. Reload to see how."))
    db.session.refresh(timesheet)
    return timesheet


def approve(actor: User, timesheet_id: int, now: datetime) -> Timesheet:
    """The employer approves recorded hours for payroll."""
    return _decide(
        actor, _employers_timesheet(actor, timesheet_id), TimesheetState.APPROVED, "", now
    )


def return_for_correction(actor: User, timesheet_id: int, comment: str, now: datetime) -> Timesheet:
    """The employer returns recorded hours with a comment; the assistant is told."""
    comment = comment.strip()
    if not comment:
        raise DomainError(_("Say what should be corrected."), "comment")
    timesheet = _employers_timesheet(actor, timesheet_id)
    _decide(actor, timesheet, TimesheetState.RETURNED, comment, now)
    assistant = db.session.get(User, timesheet.assistant_id)
    if assistant is None:
        raise NotFoundError(_("No such timesheet."))
    url = record_url(timesheet.booking_id, timesheet.employment_id, timesheet.work_day)
    tell(
        assistant,
        "timesheet_returned",
        lambda: (
            _("Your hours were returned for correction"),
            _("The employer's comment: %(comment)s", comment=comment) + "\n" + url,
        ),
        url=url,
    )
    return timesheet


def period_start_of(actor: User, timesheet_id: int) -> date:
    """The first day of the period of one of the employer's timesheets."""
    return _employers_timesheet(actor, timesheet_id).sheet.first_day


def record_url(booking_id: int | None, employment_id: int | None, work_day: date | None) -> str:
    """The public address of the page that records this work."""
    if booking_id is not None:
        return public_url("timesheets.record", booking_id=booking_id)
    day = work_day.isoformat() if work_day else ""
    return public_url("timesheets.record_occurrence", employment_id=employment_id, day=day)
