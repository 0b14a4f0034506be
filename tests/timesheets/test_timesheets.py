"""Timesheets: record, approve or return, the period lock, reminders (services)."""

from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Notification, PeriodSheet, Role, SheetState, TimesheetState
from portal.services.errors import ConflictError, DomainError, NotFoundError
from portal.services.pay import periods, reminders, sheets, timesheets
from tests.timesheets.conftest import at

DAY = date(2026, 11, 3)  # a Tuesday in the period 1–15 November, due on the 20th
DURING = at(date(2026, 11, 10), time(12))


def _record(assistant, booking, start=time(9), end=time(13), breaks=0, now=DURING, day=DAY):
    return timesheets.record(
        assistant,
        booking.id,
        start=at(day, start),
        end=at(day, end),
        break_minutes=breaks,
        now=now,
    )


def test_record_approve_and_totals_per_supplement(employer, assistant, worked):
    booking = worked(employer, assistant, DAY, time(17), time(23, 30))
    sheet = _record(assistant, booking, time(17), time(23, 30), breaks=30)
    db.session.commit()
    assert sheet.state == TimesheetState.SUBMITTED
    timesheets.approve(employer, sheet.id, DURING)
    db.session.commit()
    view = sheets.sheet_view(employer, employer.id, DAY, DURING)
    assert (view.period.first, view.period.last, view.period.due) == (
        date(2026, 11, 1),
        date(2026, 11, 15),
        date(2026, 11, 20),
    )
    # 17:00–23:30 less a 30 min break in the middle (19:45–20:15): 360 paid minutes,
    # evening 18–23 is 300 - 30 = 270 min, night 23:00–23:30 is 30 min.
    assert (view.approved.minutes, view.approved.evening_minutes) == (360, 270)
    assert view.approved.night_minutes == 30
    assert str(view.approved.base) == "90.00"  # 6 h × 15 €
    assert str(view.approved.evening) == "10.13"  # 4.5 h × 15 € × 15 %, half up
    assert str(view.approved.night) == "2.25"
    assert str(view.approved.total) == "102.38"


def test_the_assistant_sees_only_their_own_rows(employer, assistant, worked, make_user):
    other = make_user(Role.ASSISTANT)
    worked(employer, assistant, DAY)
    worked(employer, other, DAY + timedelta(days=1))
    assert len(sheets.sheet_view(employer, employer.id, DAY, DURING).rows) == 2
    assert len(sheets.sheet_view(assistant, employer.id, DAY, DURING).rows) == 1
    stranger = make_user(Role.ASSISTANT)
    with pytest.raises(NotFoundError):
        sheets.sheet_view(stranger, employer.id, DAY, DURING)


def test_only_the_booked_assistant_records_and_only_after_the_start(
    employer, assistant, worked, make_user
):
    booking = worked(employer, assistant, DAY)
    with pytest.raises(NotFoundError):
        _record(make_user(Role.ASSISTANT), booking)
    with pytest.raises(DomainError, match="begun"):
        _record(assistant, booking, now=at(DAY, time(8)))
    with pytest.raises(DomainError) as error:
        _record(assistant, booking, start=time(13), end=time(9), breaks=0)
    assert error.value.field == "end"
    with pytest.raises(DomainError) as error:
        _record(assistant, booking, breaks=240)
    assert error.value.field == "break_minutes"


def test_returned_hours_are_corrected_and_the_assistant_is_told(employer, assistant, worked):
    booking = worked(employer, assistant, DAY)
    sheet = _record(assistant, booking, end=time(14))
    timesheets.return_for_correction(employer, sheet.id, "Lopetit klo 13.", DURING)
    db.session.commit()
    assert sheet.state == TimesheetState.RETURNED
    note = db.session.scalar(select(Notification).where(Notification.user_id == assistant.id))
    assert "Lopetit klo 13." in note.body
    corrected = _record(assistant, booking, end=time(13))
    assert corrected.id == sheet.id
    assert corrected.state == TimesheetState.SUBMITTED


def test_a_decision_is_made_once(employer, assistant, worked, make_user):
    sheet = _record(assistant, worked(employer, assistant, DAY))
    timesheets.approve(employer, sheet.id, DURING)
    with pytest.raises(ConflictError):
        timesheets.approve(employer, sheet.id, DURING)
    with pytest.raises(ConflictError):
        timesheets.return_for_correction(employer, sheet.id, "Myöhässä", DURING)
    with pytest.raises(ConflictError, match="approved"):
        _record(assistant, sheet.booking)
    with pytest.raises(NotFoundError):
        timesheets.approve(make_user(Role.EMPLOYER), sheet.id, DURING)


def test_the_period_locks_on_its_due_day_and_a_coordinator_reopens_it(
    employer, assistant, worked, make_user
):
    sheet = _record(assistant, worked(employer, assistant, DAY))
    db.session.commit()
    due = at(date(2026, 11, 20), time(0, 30))
    with pytest.raises(ConflictError, match="locked"):
        timesheets.approve(employer, sheet.id, due)
    db.session.rollback()
    assert periods.lock_due(due) == 1
    db.session.commit()
    assert db.session.get(PeriodSheet, sheet.sheet_id).state == SheetState.LOCKED
    assert periods.lock_due(due) == 0
    coordinator = make_user(Role.COORDINATOR)
    with pytest.raises(NotFoundError):
        periods.reopen_sheet(employer, employer.id, date(2026, 11, 1), due)
    periods.reopen_sheet(coordinator, employer.id, date(2026, 11, 1), due)
    db.session.commit()
    timesheets.approve(employer, sheet.id, due + timedelta(days=1))
    assert periods.lock_due(due + timedelta(days=2)) == 0  # reopened stays open
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "pay.period_reopened" in actions
    periods.lock_sheet(coordinator, employer.id, date(2026, 11, 1), due)
    with pytest.raises(ConflictError):
        periods.lock_sheet(coordinator, employer.id, date(2026, 11, 1), due)


def test_late_work_in_a_period_past_its_due_day_is_locked(employer, assistant, worked):
    booking = worked(employer, assistant, DAY)
    with pytest.raises(ConflictError, match="locked"):
        _record(assistant, booking, now=at(date(2026, 11, 21), time(9)))


def test_reminders_go_two_days_before_the_due_day_once(employer, assistant, worked, make_user):
    other = make_user(Role.ASSISTANT)
    worked(employer, assistant, DAY)
    tomorrow = DAY + timedelta(days=1)
    submitted = _record(other, worked(employer, other, tomorrow), day=tomorrow)
    db.session.commit()
    assert submitted.state == TimesheetState.SUBMITTED
    assert reminders.remind_due(at(date(2026, 11, 17), time(9))) == 0  # three days before
    told = reminders.remind_due(at(date(2026, 11, 18), time(9)))
    db.session.commit()
    assert told == 2  # the assistant who has not recorded, and the employer
    notes = db.session.scalars(select(Notification.user_id)).all()
    assert sorted(notes) == sorted([assistant.id, employer.id])
    assert reminders.remind_due(at(date(2026, 11, 18), time(10))) == 0


def test_the_hourly_sweep_locks_due_periods_and_reminds(employer, assistant, worked):
    from portal.services.pay.tasks import run_pay_sweep

    sheet = _record(assistant, worked(employer, assistant, DAY))
    db.session.commit()
    assert run_pay_sweep(at(date(2026, 11, 18), time(9))) == (0, 1)  # the employer must act
    assert run_pay_sweep(at(date(2026, 11, 18), time(10))) == (0, 0)
    assert run_pay_sweep(at(date(2026, 11, 20), time(0, 5))) == (1, 0)
    assert db.session.get(PeriodSheet, sheet.sheet_id).state == SheetState.LOCKED
