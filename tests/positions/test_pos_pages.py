"""Form-driven tests: post, apply, hire, a sick day, ending, the decision, declarations."""

from datetime import time, timedelta

from pos_helpers import next_monday
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    Absence,
    AuditEvent,
    Decision,
    Employment,
    Offer,
    OfferSource,
    OfferState,
    Position,
    PositionApplication,
    Role,
    Shift,
    ShiftKind,
)
from portal.services.positions import employments
from portal.timeutil import local_to_utc


def _position_form(**overrides):
    data = {
        "title": "Aamuavustaja",
        "tasks": "Aamutoimet",
        "starts_on": next_monday().isoformat(),
        "ends_on": "",
        "place": "94100",
        "languages": ["fi"],
        "pay_basis": "Heta-JHL TES",
        "urgent_round_on_absence": "y",
    }
    for n, (weekday, start, end) in enumerate([(0, "08:00", "14:00"), (2, "22:00", "06:00")]):
        data |= {f"windows-{n}-weekday": weekday, f"windows-{n}-start": start}
        data |= {f"windows-{n}-end": end}
    return data | overrides


def test_employer_posts_a_position_with_a_night_window(client, login, make_user):
    employer = make_user(Role.EMPLOYER)
    login(employer)
    assert client.get("/tehtavat/uusi").status_code == 200
    response = client.post("/tehtavat/uusi", data=_position_form())
    assert response.status_code == 302
    position = db.session.scalar(select(Position))
    assert [(w.weekday, w.start_min, w.end_min) for w in position.windows] == [
        (0, 480, 840),
        (2, 1320, 360),
    ]
    assert "Aamuavustaja" in client.get("/tehtavat/omat").text
    bad = client.post(
        "/tehtavat/uusi",
        data=_position_form(**{"windows-0-weekday": ""}) | {"windows-1-weekday": ""},
    )
    assert bad.status_code == 400


def test_posting_past_the_decision_shows_the_warning_and_saves_nothing(
    client, login, make_user, make_decision
):
    employer = make_user(Role.EMPLOYER)
    make_decision(employer, granted=20, night=False)
    login(employer)
    response = client.post("/tehtavat/uusi", data=_position_form(acknowledge="y"))
    assert response.status_code == 409
    assert "20 h" in response.text
    assert "yötyötä" in response.text  # night work not granted, in Finnish
    assert db.session.scalar(select(Position)) is None


def test_apply_hire_and_report_a_sick_day_through_the_pages(
    client, login, make_user, make_position, always_available
):
    employer = make_user(Role.EMPLOYER)
    position = make_position(employer)
    assistant = always_available(make_user(Role.ASSISTANT))
    login(assistant)
    assert position.title in client.get("/tehtavat/minulle").text
    response = client.post(
        f"/tehtavat/{position.id}/hae", data={"message": "Hei", "related": "y", "relation": ""}
    )
    assert response.status_code == 400  # the relation must be said
    response = client.post(f"/tehtavat/{position.id}/hae", data={"message": "Hei"})
    assert response.status_code == 302
    application = db.session.scalar(select(PositionApplication))
    login(employer)
    page = client.get(f"/tehtavat/{position.id}/hallinta")
    assert "Hei" in page.text
    assert client.post(f"/tehtavat/{position.id}/palkkaa/{application.id}").status_code == 302
    employment = db.session.scalar(select(Employment))
    page = client.get(f"/tehtavat/tyosuhteet/{employment.id}")
    assert page.status_code == 200
    start = local_to_utc(next_monday() + timedelta(days=1), time(8))
    response = client.post(
        f"/tehtavat/tyosuhteet/{employment.id}/poissa",
        data={"starts_at": start.isoformat(), "reason": "sick"},
    )
    assert response.status_code == 302
    absence = db.session.scalar(select(Absence))
    shift = db.session.get(Shift, absence.shift_id)
    assert shift.kind == ShiftKind.URGENT
    assert response.headers["Location"].endswith(f"/vuorot/{shift.id}/hallinta")
    login(assistant)
    ends = (next_monday() + timedelta(days=10)).isoformat()
    response = client.post(f"/tehtavat/tyosuhteet/{employment.id}/paata", data={"ends_on": ends})
    assert response.status_code == 302
    db.session.refresh(employment)
    assert employment.ends_on.isoformat() == ends
    bad = client.post(f"/tehtavat/tyosuhteet/{employment.id}/poissa", data={"starts_at": "x"})
    assert bad.status_code == 400


def test_a_stranger_gets_404_everywhere(client, login, make_user, make_position):
    position = make_position()
    application = employments.apply(make_user(Role.ASSISTANT), position.id, "", False, "")
    db.session.commit()
    login(make_user(Role.EMPLOYER))
    assert client.get(f"/tehtavat/{position.id}/hallinta").status_code == 404
    assert client.post(f"/tehtavat/{position.id}/palkkaa/{application.id}").status_code == 404


def test_worktime_warning_page_then_tick_and_hire(
    client, login, make_user, make_position, make_shift, always_available
):
    from portal.services.marketplace import bookings

    assistant = always_available(make_user(Role.ASSISTANT))
    monday = next_monday()
    late = make_shift(starts_at=local_to_utc(monday, time(0)) - timedelta(hours=3))
    bookings.confirm(late, assistant.id, None)
    employer = make_user(Role.EMPLOYER)
    position = make_position(employer, windows=[(0, 480, 840)])
    application = employments.apply(assistant, position.id, "", False, "")
    db.session.commit()
    login(employer)
    url = f"/tehtavat/{position.id}/palkkaa/{application.id}"
    page = client.post(url)
    assert page.status_code == 409
    assert "11 tunnin" in page.text
    assert 'name="acknowledge"' in page.text
    assert client.post(url, data={"acknowledge": "y"}).status_code == 302
    assert db.session.scalar(select(Employment)) is not None


def test_decision_form_and_staff_pages(client, login, make_user):
    employer = make_user(Role.EMPLOYER)
    login(employer)
    data = {
        "decided_on": "2026-01-10",
        "valid_from": "2026-01-15",
        "granted_hours": "120",
        "hours_per": "month",
        "evening": "y",
        "saturday": "y",
        "relatives-0-name": "Liisa Mäkinen",
        "relatives-0-relation": "child",
    }
    assert client.post("/tehtavat/paatos", data=data | {"granted_hours": "0"}).status_code == 400
    assert client.post("/tehtavat/paatos", data=data).status_code == 302
    decision = db.session.scalar(select(Decision))
    assert (decision.night, decision.sunday, decision.granted_hours) == (False, False, 120)
    assert [(r.name, r.relation) for r in decision.relatives] == [("Liisa Mäkinen", "child")]
    assert "120 h / kuukaudessa" in client.get("/tehtavat/omat").text
    assert "Liisa Mäkinen (lapsi)" in client.get("/tehtavat/paatos").text
    assert client.get("/tehtavat/sukulaisuudet").status_code == 403
    coordinator = make_user(Role.COORDINATOR)
    login(coordinator)
    assert client.post(f"/tehtavat/paatos/{employer.id}", data=data).status_code == 302
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "decision.recorded"))
    assert client.get("/tehtavat/sukulaisuudet").status_code == 200


def test_invitation_yes_carries_the_declaration(client, login, make_user, make_shift):
    assistant = make_user(Role.ASSISTANT)
    shift = make_shift()
    db.session.add(
        Offer(
            shift_id=shift.id,
            assistant_id=assistant.id,
            source=OfferSource.INVITATION,
            state=OfferState.OFFERED,
        )
    )
    db.session.commit()
    login(assistant)
    assert "sukulainen" in client.get(f"/vuorot/{shift.id}").text
    response = client.post(
        f"/vuorot/{shift.id}/vastaa", data={"answer": "yes", "related": "y", "relation": "spouse"}
    )
    assert response.status_code == 302
    offer = db.session.scalar(select(Offer))
    assert (offer.state, offer.relation) == (OfferState.ACCEPTED, "spouse")


def test_posting_a_shift_past_the_decision_warns_and_a_night_shift_is_stopped(
    client, login, make_user, make_decision
):
    employer = make_user(Role.EMPLOYER)
    make_decision(employer, granted=100, night=False)
    login(employer)
    day = (next_monday() + timedelta(days=1)).isoformat()
    data = {"kind": "one_off", "title": "Iltavuoro", "day": day, "place": "94100"}
    data |= {"languages": ["fi"]}
    fine = client.post("/vuorot/uusi", data=data | {"start": "16:00", "end": "20:00"})
    assert fine.status_code == 302
    night = client.post("/vuorot/uusi", data=data | {"start": "22:00", "end": "06:00"})
    assert night.status_code == 409
    assert "yötyötä" in night.text
    again = client.post(
        "/vuorot/uusi", data=data | {"start": "22:00", "end": "06:00", "acknowledge": "y"}
    )
    assert again.status_code == 409  # an employer cannot proceed past the decision
    assert db.session.scalar(select(func.count()).select_from(Shift)) == 1


def test_a_trip_over_24_hours_needs_the_decision_and_lasts_at_most_14_days(
    client, login, make_user, make_decision
):
    employer = make_user(Role.EMPLOYER)
    make_decision(employer, granted=744, night=True, trips=False)
    login(employer)
    first = next_monday() + timedelta(days=1)
    data = {"kind": "one_off", "title": "Leirimatka", "day": first.isoformat(), "place": "94100"}
    data |= {"languages": ["fi"], "start": "09:00", "end": "17:00"}
    too_long = client.post("/vuorot/uusi", data=data | {"end_day": str(first + timedelta(15))})
    assert too_long.status_code == 400
    trip = data | {"end_day": str(first + timedelta(days=3))}
    warned = client.post("/vuorot/uusi", data=trip)
    assert warned.status_code == 409
    assert "matka" in warned.text
    make_decision(employer, granted=744, night=True, trips=True)
    assert client.post("/vuorot/uusi", data=trip).status_code == 302
    shift = db.session.scalar(select(Shift))
    assert shift.ends_at - shift.starts_at == timedelta(days=3, hours=8)
