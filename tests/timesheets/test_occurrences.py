"""A regular position's occurrences are recorded, approved and paid like booked shifts."""

from datetime import time, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Absence,
    AbsenceReason,
    Employment,
    Notification,
    Position,
    PositionWindow,
    Timesheet,
    TimesheetState,
)
from portal.timeutil import local_span_to_utc, today_local
from tests.excel_reading import excel_dicts

YESTERDAY = today_local() - timedelta(days=1)  # its period is always still open


def _employment(employer, assistant, start=time(8), end=time(12)):
    """An employment since ten days ago, working every day start..end."""
    position = Position(
        employer_id=employer.id,
        title="Aamuavustaja",
        starts_on=YESTERDAY - timedelta(days=9),
        postcode="94100",
    )
    minutes = (start.hour * 60 + start.minute, end.hour * 60 + end.minute)
    position.windows = [
        PositionWindow(weekday=d, start_min=minutes[0], end_min=minutes[1]) for d in range(7)
    ]
    db.session.add(position)
    db.session.flush()
    job = Employment(
        position_id=position.id,
        assistant_id=assistant.id,
        employer_id=employer.id,
        starts_on=position.starts_on,
    )
    db.session.add(job)
    db.session.commit()
    return job


def test_an_occurrence_is_recorded_approved_and_exported(client, login, employer, assistant):
    job = _employment(employer, assistant, time(8), time(12))
    login(assistant)
    mine = client.get("/tunnit/").get_data(as_text=True)
    url = f"/tunnit/kirjaa/tyosuhde/{job.id}/{YESTERDAY.isoformat()}"
    assert url in mine
    form = client.get(url).get_data(as_text=True)
    assert 'value="08:00"' in form
    assert 'value="12:00"' in form
    response = client.post(
        url,
        data={
            "day": YESTERDAY.isoformat(),
            "start": "08:00",
            "end": "12:30",
            "break_minutes": "15",
        },
    )
    assert response.status_code == 302
    recorded = db.session.scalar(select(Timesheet))
    assert (recorded.employment_id, recorded.work_day, recorded.booking_id) == (
        job.id,
        YESTERDAY,
        None,
    )
    login(employer)
    sheet = f"/tunnit/{employer.id}/{YESTERDAY.isoformat()}"
    assert f"/tunnit/merkinta/{recorded.id}/hyvaksy" in client.get(sheet).get_data(as_text=True)
    assert client.post(f"/tunnit/merkinta/{recorded.id}/hyvaksy").status_code == 302
    db.session.refresh(recorded)
    assert recorded.state == TimesheetState.APPROVED
    rows = excel_dicts(client.get(f"{sheet}/tunnit.csv").get_data())
    day = next(r for r in rows if r["date"] == YESTERDAY.isoformat())
    assert (day["break_minutes"], day["paid_minutes"]) == ("15", str(4 * 60 + 30 - 15))
    assert rows[-1]["paid_minutes"] == str(255)


def test_an_occurrence_taken_off_is_not_offered(client, login, employer, assistant):
    job = _employment(employer, assistant)
    starts, ends = local_span_to_utc(YESTERDAY, time(8), time(12))
    db.session.add(
        Absence(employment_id=job.id, starts_at=starts, ends_at=ends, reason=AbsenceReason.SICK)
    )
    db.session.commit()
    login(assistant)
    url = f"/tunnit/kirjaa/tyosuhde/{job.id}/{YESTERDAY.isoformat()}"
    mine = client.get("/tunnit/").get_data(as_text=True)
    assert url not in mine
    day_before = f"/tunnit/kirjaa/tyosuhde/{job.id}/{(YESTERDAY - timedelta(days=1)).isoformat()}"
    assert day_before in mine
    assert client.get(url).status_code == 404
    response = client.post(
        url,
        data={"day": YESTERDAY.isoformat(), "start": "08:00", "end": "12:00", "break_minutes": "0"},
    )
    assert response.status_code == 404
    assert db.session.scalar(select(Timesheet)) is None


def test_returned_occurrence_hours_link_back_and_are_corrected_once(
    client, login, employer, assistant
):
    job = _employment(employer, assistant)
    url = f"/tunnit/kirjaa/tyosuhde/{job.id}/{YESTERDAY.isoformat()}"
    hours = {"day": YESTERDAY.isoformat(), "start": "08:00", "end": "13:00", "break_minutes": "0"}
    login(assistant)
    client.post(url, data=hours)
    login(employer)
    recorded = db.session.scalar(select(Timesheet))
    client.post(f"/tunnit/merkinta/{recorded.id}/palauta", data={"comment": "Lopetit klo 12."})
    note = db.session.scalar(select(Notification).where(Notification.user_id == assistant.id))
    assert url in note.url
    login(assistant)
    assert client.post(url, data=hours | {"end": "12:00"}).status_code == 302
    assert len(db.session.scalars(select(Timesheet)).all()) == 1
    db.session.refresh(recorded)
    assert recorded.state == TimesheetState.SUBMITTED


def test_the_month_against_the_decision_counts_regular_work(employer, assistant):
    """The employer's month counts the regular position's working days, not only bookings."""
    from portal.models import EmployerProfile
    from portal.services.pay.estimates import month_use

    _employment(employer, assistant, time(8), time(12))
    profile = db.session.get(EmployerProfile, employer.id)
    use = month_use(profile, YESTERDAY)
    first = YESTERDAY.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    worked_days = (following - max(first, YESTERDAY - timedelta(days=9))).days
    assert use.minutes == worked_days * 240  # every day 8-12 from its start to the month's end
