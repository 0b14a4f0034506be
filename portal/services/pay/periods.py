"""Pay-period sheets: which period work belongs to, and the lock every change races on.

Every timesheet change first bumps its sheet's version with a conditional UPDATE that
only matches an open sheet before its due day (or one a coordinator reopened); locking
is a conditional UPDATE on the same row. The database serialises the two, so an approval
and the lock can never both win: whichever commits second finds the row changed.
"""

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Result, or_, select, update
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import EmployerProfile, PeriodSheet, Role, SheetState, User
from portal.pay import PayPeriod, pay_period
from portal.services import audit
from portal.services.errors import ConflictError, NotFoundError
from portal.services.pay.schemes import scheme_for
from portal.timeutil import to_local

STAFF = (Role.COORDINATOR, Role.ADMIN)


def rowcount(result: Result[Any]) -> int:
    """Rows an UPDATE matched (its result is a CursorResult, the kind with a rowcount)."""
    return cast(CursorResult[Any], result).rowcount


def period_for(employer_id: int, day: date) -> PayPeriod:
    """The employer's pay period (by their payer's scheme) that holds a local day."""
    return pay_period(day, scheme_for(db.session.get(EmployerProfile, employer_id)))


def find_sheet(employer_id: int, first: date) -> PeriodSheet | None:
    """The stored sheet of an employer's period, if any change made one yet."""
    return db.session.scalar(
        select(PeriodSheet).where(
            PeriodSheet.employer_id == employer_id, PeriodSheet.first_day == first
        )
    )


def ensure_sheet(employer_id: int, period: PayPeriod) -> PeriodSheet:
    """The sheet of an employer's period, made on first use (two makers: one row)."""
    sheet = find_sheet(employer_id, period.first)
    if sheet is not None:
        return sheet
    sheet = PeriodSheet(
        employer_id=employer_id, first_day=period.first, last_day=period.last, due_day=period.due
    )
    try:
        with db.session.begin_nested():
            db.session.add(sheet)
    except IntegrityError:
        sheet = find_sheet(employer_id, period.first)
        if sheet is None:
            raise
    return sheet


def is_locked(sheet: PeriodSheet | None, period: PayPeriod, today: date) -> bool:
    """Whether a period takes no more changes: locked, or past its due day unreopened."""
    if sheet is None:
        return period.due <= today
    if sheet.state == SheetState.LOCKED:
        return True
    return sheet.due_day <= today and sheet.reopened_at is None


def _open_now(today: date) -> ColumnElement[bool]:
    """SQL: the sheet takes changes today."""
    return (PeriodSheet.state == SheetState.OPEN) & (
        (PeriodSheet.due_day > today) | PeriodSheet.reopened_at.is_not(None)
    )


def claim_open(sheet: PeriodSheet, now: datetime) -> None:
    """Bump the sheet's version if it takes changes, else ConflictError (it is locked)."""
    changed = db.session.execute(
        update(PeriodSheet)
        .where(PeriodSheet.id == sheet.id, _open_now(to_local(now).date()))
        .values(version=PeriodSheet.version + 1)
        .execution_options(synchronize_session=False)
    )
    if rowcount(changed) != 1:
        raise ConflictError(
            _("This pay period is locked for payroll. Ask a coordinator to reopen it.")
        )


def lock_due(now: datetime) -> int:
    """Lock every open sheet whose due day has come (reopened ones stay open)."""
    today = to_local(now).date()
    locked = db.session.execute(
        update(PeriodSheet)
        .where(
            PeriodSheet.state == SheetState.OPEN,
            PeriodSheet.due_day <= today,
            PeriodSheet.reopened_at.is_(None),
        )
        .values(state=SheetState.LOCKED, locked_at=now)
        .execution_options(synchronize_session=False)
    )
    return rowcount(locked)


def _staff_sheet(actor: User, employer_id: int, first: date) -> PeriodSheet:
    """A coordinator's handle on an employer's period sheet (made if need be)."""
    if actor.role not in STAFF or db.session.get(EmployerProfile, employer_id) is None:
        raise NotFoundError(_("No such pay period."))
    period = period_for(employer_id, first)
    if period.first != first:
        raise NotFoundError(_("No such pay period."))
    return ensure_sheet(employer_id, period)


def lock_sheet(actor: User, employer_id: int, first: date, now: datetime) -> PeriodSheet:
    """A coordinator locks a period now (audited); a second lock finds it locked."""
    sheet = _staff_sheet(actor, employer_id, first)
    done = db.session.execute(
        update(PeriodSheet)
        .where(PeriodSheet.id == sheet.id, PeriodSheet.state == SheetState.OPEN)
        .values(state=SheetState.LOCKED, locked_at=now, version=PeriodSheet.version + 1)
        .execution_options(synchronize_session=False)
    )
    if rowcount(done) != 1:
        raise ConflictError(_("This pay period is already locked."))
    db.session.refresh(sheet)
    audit.record(actor, "pay.period_locked", obj=sheet, employer=employer_id, first=str(first))
    return sheet


def reopen_sheet(actor: User, employer_id: int, first: date, now: datetime) -> PeriodSheet:
    """A coordinator reopens a locked period for corrections (audited)."""
    sheet = _staff_sheet(actor, employer_id, first)
    today = to_local(now).date()
    done = db.session.execute(
        update(PeriodSheet)
        .where(
            PeriodSheet.id == sheet.id,
            or_(PeriodSheet.state == SheetState.LOCKED, ~_open_now(today)),
        )
        .values(
            state=SheetState.OPEN,
            reopened_at=now,
            reopened_by_id=actor.id,
            version=PeriodSheet.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if rowcount(done) != 1:
        raise ConflictError(_("This pay period is open already."))
    db.session.refresh(sheet)
    audit.record(actor, "pay.period_reopened", obj=sheet, employer=employer_id, first=str(first))
    return sheet
