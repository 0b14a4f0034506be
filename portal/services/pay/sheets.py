"""The pay period's sheet as its two sides and coordinators see it, with totals."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import EmployerProfile, Role, Timesheet, TimesheetState, User
from portal.pay import PayBreakdown, PayPeriod, PayRules
from portal.services import audit
from portal.services.errors import NotFoundError
from portal.services.pay.estimates import add_up, paid_breakdown
from portal.services.pay.periods import find_sheet, is_locked, period_for
from portal.services.pay.schemes import scheme_for
from portal.services.pay.timesheets import Work, timesheets_for, work_items
from portal.timeutil import to_local

STAFF = (Role.COORDINATOR, Role.ADMIN)


@dataclass(frozen=True)
class SheetRow:
    """One piece of work on the sheet: recorded hours if any, else the planned ones."""

    work: Work
    assistant: User
    timesheet: Timesheet | None
    pay: PayBreakdown

    @property
    def start(self) -> datetime:
        """Actual start if recorded, else planned."""
        return self.timesheet.actual_start if self.timesheet else self.work.planned_start

    @property
    def end(self) -> datetime:
        """Actual end if recorded, else planned."""
        return self.timesheet.actual_end if self.timesheet else self.work.planned_end

    @property
    def break_minutes(self) -> int:
        """Unpaid breaks in minutes (0 until recorded)."""
        return self.timesheet.break_minutes if self.timesheet else 0

    @property
    def state(self) -> TimesheetState | None:
        """The timesheet's state, None while not recorded."""
        return self.timesheet.state if self.timesheet else None


@dataclass(frozen=True)
class SheetView:
    """A pay period of one employer (or of one assistant with them)."""

    employer: EmployerProfile
    period: PayPeriod
    locked: bool
    rows: list[SheetRow]
    approved: PayBreakdown
    everything: PayBreakdown
    wage_known: bool

    @property
    def to_record(self) -> int:
        """Rows the assistant still has to record (or correct)."""
        return sum(r.state in (None, TimesheetState.RETURNED) for r in self.rows)

    @property
    def to_approve(self) -> int:
        """Rows waiting for the employer."""
        return sum(r.state == TimesheetState.SUBMITTED for r in self.rows)


def visible_employer(viewer: User, employer_id: int) -> EmployerProfile:
    """The employer whose sheet the viewer may see (self, a staff member's pick)."""
    profile = db.session.get(EmployerProfile, employer_id)
    allowed = viewer.id == employer_id or viewer.role in STAFF or viewer.role == Role.ASSISTANT
    if profile is None or not allowed:
        raise NotFoundError(_("No such pay period."))
    return profile


def sheet_view(
    viewer: User, employer_id: int, day: date, now: datetime, *, approved_only: bool = False
) -> SheetView:
    """The period holding `day`: every booked work, its record and pay, and totals.

    An assistant sees only their own rows; the employer and coordinators see all.
    """
    employer = visible_employer(viewer, employer_id)
    period = period_for(employer_id, day)
    if viewer.role in STAFF:
        audit.record(
            viewer,
            "pay.period_viewed",
            subject=employer.user,
            purpose="payroll",
            first=str(period.first),
        )
    mine = viewer.id if viewer.role == Role.ASSISTANT else None
    items = work_items(period.first, period.last, employer_id=employer_id, assistant_id=mine)
    if mine is not None and not items:
        raise NotFoundError(_("No such pay period."))
    records = timesheets_for(items)
    people = {
        u.id: u
        for u in db.session.scalars(
            select(User).where(User.id.in_({w.assistant_id for w in items}))
        )
    }
    rules = scheme_for(employer).rules
    wage = employer.hourly_wage if employer.hourly_wage is not None else Decimal(0)
    rows = []
    for work in items:
        record = records.get(work.key)
        if approved_only and (record is None or record.state != TimesheetState.APPROVED):
            continue
        rows.append(
            SheetRow(work, people[work.assistant_id], record, _pay(work, record, wage, rules))
        )
    approved = [r.pay for r in rows if r.state == TimesheetState.APPROVED]
    return SheetView(
        employer=employer,
        period=period,
        locked=is_locked(find_sheet(employer_id, period.first), period, to_local(now).date()),
        rows=rows,
        approved=add_up(approved, wage, rules),
        everything=add_up([r.pay for r in rows], wage, rules),
        wage_known=employer.hourly_wage is not None,
    )


def _pay(work: Work, record: Timesheet | None, wage: Decimal, rules: PayRules) -> PayBreakdown:
    if record is None:
        return paid_breakdown(work.planned_start, work.planned_end, 0, wage, rules)
    return paid_breakdown(record.actual_start, record.actual_end, record.break_minutes, wage, rules)


def assistant_employers(assistant: User, first: date, last: date) -> list[int]:
    """Employers an assistant has booked work with on local days first..last."""
    return sorted({w.employer_id for w in work_items(first, last, assistant_id=assistant.id)})


def employer_names(ids: set[int]) -> dict[int, User]:
    """Employers by id, for the assistant's list of recent work."""
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
