"""Hours in Chromium: the assistant records with the keyboard only, the employer approves
and returns with the keyboard; every page on the way is axe-clean."""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Booking,
    EmployerProfile,
    Role,
    Shift,
    ShiftKind,
    ShiftState,
    Timesheet,
    TimesheetState,
)
from portal.timeutil import local_span_to_utc, today_local
from tests.browser.helpers import axe_check, login_as, logout, path_of
from tests.browser.test_foundation_keyboard import press_and_wait, tab_to
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
YESTERDAY = today_local() - timedelta(days=1)


def _booked(employer, assistant, start, end, title):
    starts, ends = local_span_to_utc(YESTERDAY, start, end)
    shift = Shift(
        employer_id=employer.id,
        kind=ShiftKind.ONE_OFF,
        state=ShiftState.FILLED,
        title=title,
        starts_at=starts,
        ends_at=ends,
        postcode="94100",
        created_at=datetime.now(UTC) - timedelta(days=5),
    )
    db.session.add(shift)
    db.session.flush()
    booking = Booking(shift_id=shift.id, assistant_id=assistant.id, starts_at=starts, ends_at=ends)
    db.session.add(booking)
    db.session.commit()
    return booking


def test_record_approve_and_return_with_the_keyboard(live_server, page, make_user):
    employer = make_user(Role.EMPLOYER, first_name="Erkki")
    assistant = make_user(Role.ASSISTANT, first_name="Aino")
    db.session.get(EmployerProfile, employer.id).hourly_wage = Decimal("15.00")
    db.session.commit()
    morning = _booked(employer, assistant, time(8), time(12), "Aamuvuoro")
    evening = _booked(employer, assistant, time(17), time(21), "Iltavuoro")

    login_as(page, live_server, assistant.email, PASSWORD)
    page.goto(live_server.url + "/tunnit/")
    axe_check(page, "my hours")
    for booking, end in ((morning, "12:15"), (evening, None)):
        tab_to(page, f"main a[href='/tunnit/kirjaa/{booking.id}']")
        press_and_wait(page, "Enter")
        axe_check(page, "record form")
        if end:
            tab_to(page, "#end")
            page.keyboard.press("Control+A")
            page.keyboard.type(end)
        tab_to(page, "#break_minutes")
        page.keyboard.press("Control+A")
        page.keyboard.type("15")
        tab_to(page, "main form [type=submit]")
        press_and_wait(page, "Enter")
        assert path_of(page).startswith(f"/tunnit/{employer.id}/"), page.inner_text("main")[:600]
        axe_check(page, "sheet, assistant")
        page.goto(live_server.url + "/tunnit/")
    recorded = db.session.scalars(select(Timesheet).order_by(Timesheet.id)).all()
    assert [t.break_minutes for t in recorded] == [15, 15]
    assert recorded[0].actual_end - recorded[0].actual_start == timedelta(hours=4, minutes=15)
    logout(page)

    login_as(page, live_server, employer.email, PASSWORD)
    page.goto(live_server.url + "/tunnit/")
    axe_check(page, "sheet, employer")
    tab_to(page, f"main form[action='/tunnit/merkinta/{recorded[0].id}/hyvaksy'] [type=submit]")
    press_and_wait(page, "Enter")
    axe_check(page, "sheet after approval")
    tab_to(page, f"main a[href='/tunnit/merkinta/{recorded[1].id}/palauta']")
    press_and_wait(page, "Enter")
    axe_check(page, "return form")
    tab_to(page, "#comment")
    page.keyboard.type("Ilta päättyi klo 20.30.")
    tab_to(page, "main form [type=submit]")
    press_and_wait(page, "Enter")
    db.session.expire_all()
    states = [db.session.get(Timesheet, t.id).state for t in recorded]
    assert states == [TimesheetState.APPROVED, TimesheetState.RETURNED]
    page.goto(live_server.url + "/tunnit/palkka")
    axe_check(page, "pay settings")
    day = YESTERDAY.isoformat()
    page.goto(live_server.url + f"/tunnit/{employer.id}/{day}/tuloste")
    axe_check(page, "printable sheet")
    page.goto(live_server.url + f"/vuorot/{morning.shift_id}/hallinta")
    axe_check(page, "manage with a cost estimate")


def test_staff_pay_pages_are_axe_clean(live_server, page, make_user):
    employer = make_user(Role.EMPLOYER)
    _booked(employer, make_user(Role.ASSISTANT), time(8), time(12), "Aamuvuoro")
    login_as(page, live_server, make_user(Role.ADMIN).email, PASSWORD)
    for path in (
        "/yllapito/maksajat/",
        "/koordinaattori/tunnit/kuukausi",
        f"/tunnit/{employer.id}/{YESTERDAY.isoformat()}",
    ):
        page.goto(live_server.url + path)
        axe_check(page, path)
