"""Hours pages through their real forms: record, approve, return, export, print, settings."""

import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    Booking,
    EmployerProfile,
    Role,
    Shift,
    ShiftKind,
    ShiftState,
    Timesheet,
    TimesheetState,
)
from portal.services.pay import estimates, timesheets
from portal.timeutil import local_span_to_utc, to_local, today_local
from tests.excel_reading import excel_dicts, number

YESTERDAY = today_local() - timedelta(days=1)  # its period is always still open


def _sheet_url(employer, day=YESTERDAY):
    return f"/tunnit/{employer.id}/{day.isoformat()}"


def test_the_assistant_records_hours_with_planned_defaults(
    client, login, employer, assistant, worked
):
    booking = worked(employer, assistant, YESTERDAY, time(16), time(20))
    login(assistant)
    form = client.get(f"/tunnit/kirjaa/{booking.id}").get_data(as_text=True)
    assert 'value="16:00"' in form
    assert 'value="20:00"' in form
    assert re.search(r'name="break_minutes"[^>]*value="0"', form)
    response = client.post(
        f"/tunnit/kirjaa/{booking.id}",
        data={
            "day": YESTERDAY.isoformat(),
            "start": "16:00",
            "end": "20.30",
            "break_minutes": "30",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(_sheet_url(employer))
    recorded = db.session.scalar(select(Timesheet))
    assert recorded.break_minutes == 30
    assert recorded.state == TimesheetState.SUBMITTED
    page = client.get(_sheet_url(employer)).get_data(as_text=True)
    assert "odottaa hyväksyntää" in page or "waiting for approval" in page


def test_bad_hours_are_a_400_with_the_message_on_the_field(
    client, login, employer, assistant, worked
):
    booking = worked(employer, assistant, YESTERDAY)
    login(assistant)
    client.get("/kieli/en")
    response = client.post(
        f"/tunnit/kirjaa/{booking.id}",
        data={
            "day": YESTERDAY.isoformat(),
            "start": "09:00",
            "end": "13:00",
            "break_minutes": "300",
        },
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert "breaks must be shorter" in response.get_data(as_text=True)
    assert db.session.scalar(select(Timesheet)) is None


def test_the_employer_approves_and_returns_through_the_sheet(
    client, login, employer, assistant, worked
):
    first = worked(employer, assistant, YESTERDAY, time(8), time(12))
    second = worked(employer, assistant, YESTERDAY, time(13), time(15), title="Iltapäivä")
    for booking in (first, second):
        login(assistant)
        client.post(
            f"/tunnit/kirjaa/{booking.id}",
            data={
                "day": YESTERDAY.isoformat(),
                "start": booking.starts_at.astimezone().strftime("%H:%M")
                and _clock(booking.starts_at),
                "end": _clock(booking.ends_at),
                "break_minutes": "0",
            },
        )
    client.post("/kirjaudu-ulos")
    login(employer)
    page = client.get(_sheet_url(employer)).get_data(as_text=True)
    sheets = db.session.scalars(select(Timesheet).order_by(Timesheet.id)).all()
    assert f"/tunnit/merkinta/{sheets[0].id}/hyvaksy" in page
    assert client.post(f"/tunnit/merkinta/{sheets[0].id}/hyvaksy").status_code == 302
    empty = client.post(f"/tunnit/merkinta/{sheets[1].id}/palauta", data={"comment": " "})
    assert empty.status_code == 400
    back = client.post(f"/tunnit/merkinta/{sheets[1].id}/palauta", data={"comment": "Klo 14?"})
    assert back.status_code == 302
    db.session.expire_all()
    assert [s.state for s in sheets] == [TimesheetState.APPROVED, TimesheetState.RETURNED]
    again = client.post(f"/tunnit/merkinta/{sheets[0].id}/hyvaksy", follow_redirects=True)
    assert again.status_code == 200  # a second decision is a kind message, not an error page


def _clock(moment: datetime) -> str:
    return to_local(moment).strftime("%H:%M")


def _approved(employer, assistant, day, start, end, breaks=0, title="Vuoro"):
    """A booking with approved hours, made through the services."""
    starts, ends = local_span_to_utc(day, start, end)
    shift = Shift(
        employer_id=employer.id,
        kind=ShiftKind.ONE_OFF,
        state=ShiftState.FILLED,
        title=title,
        starts_at=starts,
        ends_at=ends,
        postcode="94100",
    )
    db.session.add(shift)
    db.session.flush()
    booking = Booking(shift_id=shift.id, assistant_id=assistant.id, starts_at=starts, ends_at=ends)
    db.session.add(booking)
    db.session.flush()
    now = datetime.now(UTC)
    sheet = timesheets.record(
        assistant, booking.id, start=starts, end=ends, break_minutes=breaks, now=now
    )
    timesheets.approve(employer, sheet.id, now)
    db.session.commit()
    return sheet


def test_the_payroll_csv_opens_in_finnish_excel(
    client, login, employer, assistant, make_user, worked
):
    day = YESTERDAY
    other = make_user(Role.ASSISTANT, first_name="Mikko", last_name="Ääri")
    _approved(employer, assistant, day, time(8), time(12))
    _approved(employer, assistant, day, time(18), time(22), breaks=30)
    _approved(employer, other, day, time(9), time(11))
    worked(employer, other, day, time(13), time(14))  # not recorded: not exported
    login(employer)
    response = client.get(f"/tunnit/{employer.id}/{day.isoformat()}/tunnit.csv")
    assert response.mimetype == "text/csv"
    rows = excel_dicts(response.get_data())
    *days, total = rows
    assert len(days) == 2  # one row per worked day and assistant
    aino = next(r for r in days if r["assistant"] == assistant.full_name)
    assert aino["date"] == day.isoformat()
    assert aino["start"].endswith(" 08:00")
    assert aino["end"].endswith(" 22:00")
    assert (aino["break_minutes"], aino["paid_minutes"]) == ("30", str(4 * 60 + 210))
    assert number(aino["hourly_wage"]) == Decimal("15")
    assert total["date"] == "total"
    assert int(total["paid_minutes"]) == 450 + 120
    paid = sum(number(r["total_eur"]) for r in days)
    assert number(total["total_eur"]) == paid
    assert "Ääri" in response.get_data().decode("utf-8-sig")


def test_only_the_employer_and_coordinators_export(client, login, employer, assistant, make_user):
    _approved(employer, assistant, YESTERDAY, time(8), time(12))
    url = f"/tunnit/{employer.id}/{YESTERDAY.isoformat()}/tunnit.csv"
    login(make_user(Role.EMPLOYER))
    assert client.get(url).status_code == 404
    client.post("/kirjaudu-ulos")
    login(assistant)
    assert client.get(url).status_code == 403
    client.post("/kirjaudu-ulos")
    login(make_user(Role.COORDINATOR))
    assert client.get(url).status_code == 200
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "pay.period_viewed"))
    printable = client.get(f"/tunnit/{employer.id}/{YESTERDAY.isoformat()}/tuloste")
    text = printable.get_data(as_text=True)
    assert "print.css" in text
    assert assistant.full_name in text


def test_a_coordinator_reopens_a_locked_period_from_the_sheet(
    client, login, employer, assistant, worked, make_user
):
    worked(employer, assistant, YESTERDAY)
    login(make_user(Role.COORDINATOR))
    url = f"/koordinaattori/tunnit/{employer.id}"
    first = 1 if YESTERDAY.day <= 15 else 16
    period = YESTERDAY.replace(day=first).isoformat()
    assert client.post(f"{url}/{period}/lukitse").status_code == 302
    page = client.get(_sheet_url(employer)).get_data(as_text=True)
    assert f"{url}/{period}/avaa" in page
    assert client.post(f"{url}/{period}/avaa").status_code == 302
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"pay.period_locked", "pay.period_reopened"} <= actions


def test_pay_settings_and_the_month_against_the_grant(client, login, employer, assistant):
    _approved(employer, assistant, YESTERDAY, time(8), time(12))
    login(employer)
    page = client.get("/tunnit/palkka")
    assert page.status_code == 200
    bad = client.post(
        "/tunnit/palkka", data={"hourly_wage": "-3", "monthly_hours": "", "payer": ""}
    )
    assert bad.status_code == 400
    for odd in ("NaN", "Infinity", "1e999", "sNaN"):
        data = {"hourly_wage": odd, "monthly_hours": odd, "payer": ""}
        assert client.post("/tunnit/palkka", data=data).status_code == 400, odd
    ok = client.post(
        "/tunnit/palkka", data={"hourly_wage": "16,40", "monthly_hours": "2", "payer": ""}
    )
    assert ok.status_code == 302
    assert db.session.get(EmployerProfile, employer.id).hourly_wage == Decimal("16.40")
    if YESTERDAY.month == today_local().month:
        text = client.get("/tunnit/palkka").get_data(as_text=True)
        assert "4,0 h" in text
    sheet = client.get(_sheet_url(employer)).get_data(as_text=True)
    assert "4,0 h" in sheet  # the month's hours against the 2 h granted: over
    assert "Myönnetyt tunnit ylittyvät." in sheet


def test_the_coordinators_month_report(client, login, employer, assistant, make_user):
    _approved(employer, assistant, YESTERDAY, time(8), time(20))
    db.session.get(EmployerProfile, employer.id).monthly_hours = Decimal("10")
    db.session.commit()
    login(make_user(Role.COORDINATOR))
    month = YESTERDAY.strftime("%Y-%m")
    page = client.get(f"/koordinaattori/tunnit/kuukausi?month={month}").get_data(as_text=True)
    assert employer.full_name in page
    assert "12,0" in page
    assert "(over)" in page or "(yli)" in page
    assert client.get("/koordinaattori/tunnit/kuukausi?month=2026-13").status_code == 400


def test_shift_pages_show_estimated_pay(client, login, employer, assistant):
    saturday = date.today() + timedelta(days=(5 - date.today().weekday()) % 7 + 7)
    starts, ends = local_span_to_utc(saturday, time(16), time(20))
    shift = Shift(
        employer_id=employer.id,
        kind=ShiftKind.ONE_OFF,
        state=ShiftState.OPEN,
        title="Lauantai-ilta",
        starts_at=starts,
        ends_at=ends,
        postcode="94100",
    )
    db.session.add(shift)
    db.session.commit()
    login(assistant)
    page = client.get(f"/vuorot/{shift.id}").get_data(as_text=True)
    # 4 h × 15 € = 60,00; evening 2 h × 15 % = 4,50; Saturday 4 h × 20 % = 12,00
    for amount in ("60,00", "4,50", "12,00", "76,50"):
        assert amount in page
    client.post("/kirjaudu-ulos")
    login(employer)
    manage = client.get(f"/vuorot/{shift.id}/hallinta").get_data(as_text=True)
    assert "76,50" in manage


def test_shifts_for_me_shows_each_shifts_estimated_pay(client, login, employer, assistant):
    from portal.models import AvailabilityWindow
    from portal.services.matching import adapter as matching

    matching.reset_index()
    for weekday in range(7):
        db.session.add(
            AvailabilityWindow(
                assistant_id=assistant.id, weekday=weekday, start_min=0, end_min=1440
            )
        )
    starts = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    shift = Shift(
        employer_id=employer.id,
        kind=ShiftKind.ONE_OFF,
        state=ShiftState.OPEN,
        title="Päivävuoro",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        postcode="94100",
        languages="fi",
    )
    db.session.add(shift)
    db.session.commit()
    total = estimates.shift_estimate(shift).total  # 2 h at 15 € plus what the hour earns
    login(assistant)
    page = client.get("/vuorot/minulle").get_data(as_text=True)
    matching.reset_index()
    assert "Päivävuoro" in page
    assert "Arvioitu bruttopalkka" in page
    assert f"{total:.2f}".replace(".", ",") in page
    assert total >= Decimal(30)


def test_the_ends_of_the_calendar_are_a_4xx_never_a_500(
    client, login, employer, assistant, worked, make_user
):
    booking = worked(employer, assistant, YESTERDAY)
    login(assistant)
    for day in ("0001-01-01", "9999-12-31"):
        assert client.get(f"/tunnit/{employer.id}/{day}").status_code == 404
        response = client.post(
            f"/tunnit/kirjaa/{booking.id}",
            data={"day": day, "start": "23:00", "end": "01:00", "break_minutes": "0"},
        )
        assert response.status_code == 400
    client.post("/kirjaudu-ulos")
    login(make_user(Role.COORDINATOR))
    for month in ("0001-01", "9999-12"):
        assert client.get(f"/koordinaattori/tunnit/kuukausi?month={month}").status_code == 400
    assert client.post(f"/koordinaattori/tunnit/{employer.id}/9999-12-31/avaa").status_code == 404
