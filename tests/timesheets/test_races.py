"""Approve, return and the period lock race: exactly one of them wins (real threads)."""

import threading
from datetime import date, time

import pytest

from portal.extensions import db
from portal.models import PeriodSheet, SheetState, Timesheet, TimesheetState, User
from portal.services.errors import ConflictError, DomainError
from portal.services.pay import periods, timesheets
from tests.timesheets.conftest import at

DAY = date(2026, 11, 3)
DURING = at(date(2026, 11, 10), time(12))


def _race(app, jobs):
    """Run each job in its own thread, app context and session, all released at once."""
    barrier = threading.Barrier(len(jobs))
    results = []

    def run(job):
        with app.test_request_context(headers={"Accept-Language": "en"}):
            barrier.wait()
            try:
                job()
                db.session.commit()
                results.append("won")
            except DomainError as error:
                db.session.rollback()
                results.append(type(error).__name__)
            except Exception as error:  # noqa: BLE001 - a lost race must never crash silently
                db.session.rollback()
                results.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def _submitted(employer, assistant, worked) -> int:
    booking = worked(employer, assistant, DAY)
    sheet = timesheets.record(
        assistant,
        booking.id,
        start=at(DAY, time(9)),
        end=at(DAY, time(13)),
        break_minutes=0,
        now=DURING,
    )
    db.session.commit()
    return sheet.id


def test_approve_and_return_at_once_one_wins(app, employer, assistant, worked):
    timesheet_id = _submitted(employer, assistant, worked)
    employer_id = employer.id

    def approve():
        timesheets.approve(db.session.get(User, employer_id), timesheet_id, DURING)

    def send_back():
        actor = db.session.get(User, employer_id)
        timesheets.return_for_correction(actor, timesheet_id, "Tarkista", DURING)

    results = _race(app, [approve, send_back, approve])
    assert results.count("won") == 1, results
    assert results.count("ConflictError") == 2, results
    db.session.expire_all()
    assert db.session.get(Timesheet, timesheet_id).state in (
        TimesheetState.APPROVED,
        TimesheetState.RETURNED,
    )


def test_approve_and_the_lock_at_once_cannot_both_win(app, employer, assistant, worked, make_user):
    timesheet_id = _submitted(employer, assistant, worked)
    employer_id = employer.id
    coordinator_id = make_user(role="coordinator").id

    def approve():
        timesheets.approve(db.session.get(User, employer_id), timesheet_id, DURING)

    def lock():
        actor = db.session.get(User, coordinator_id)
        periods.lock_sheet(actor, employer_id, date(2026, 11, 1), DURING)

    results = _race(app, [approve, lock])
    db.session.expire_all()
    timesheet = db.session.get(Timesheet, timesheet_id)
    assert db.session.get(PeriodSheet, timesheet.sheet_id).state == SheetState.LOCKED
    # Serialised on the sheet row: the approval came first (both succeed, in that
    # order) or the lock did and the approval lost; never a crash, never both halves.
    if timesheet.state == TimesheetState.APPROVED:
        assert results == ["won", "won"], results
    else:
        assert sorted(results) == ["ConflictError", "won"], results


def test_an_approval_from_a_page_loaded_before_the_lock_loses(
    app, employer, assistant, worked, make_user
):
    timesheet_id = _submitted(employer, assistant, worked)
    loaded = db.session.get(Timesheet, timesheet_id)
    assert loaded.sheet.state == SheetState.OPEN  # the employer's session saw it open
    employer_id, coordinator_id = employer.id, make_user(role="coordinator").id

    def lock():
        actor = db.session.get(User, coordinator_id)
        periods.lock_sheet(actor, employer_id, date(2026, 11, 1), DURING)

    assert _race(app, [lock]) == ["won"]
    with pytest.raises(ConflictError, match="locked"):
        timesheets.approve(employer, timesheet_id, DURING)
    db.session.rollback()
    assert db.session.get(Timesheet, timesheet_id).state == TimesheetState.SUBMITTED
