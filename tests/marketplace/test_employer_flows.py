"""Employers' flows, driven through the real forms."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    Booking,
    DeliveryLog,
    EmployerProfile,
    ExcludedAssistant,
    Notification,
    Offer,
    OfferSource,
    OfferState,
    RingMember,
    Role,
    Shift,
    ShiftKind,
    ShiftState,
    Status,
)
from portal.services.marketplace import bookings
from portal.timeutil import to_local


def shift_data(soon, **changes):
    data = {
        "kind": "one_off",
        "title": "Aamuvuoro Tervolassa",
        "description": "Aamutoimet",
        "day": to_local(soon).date().isoformat(),
        "start": "07:00",
        "end": "15:00",
        "place": "95300",
        "languages": ["fi"],
    }
    data.update(changes)
    return data


def test_profile_ring_and_exclusions(client, login, make_user, make_shift):
    employer, assistant = make_user(Role.EMPLOYER), make_user(Role.ASSISTANT)
    # the ring takes only assistants the employer met: this one applied for a shift
    db.session.add(
        Offer(
            shift_id=make_shift(employer).id,
            assistant_id=assistant.id,
            source=OfferSource.APPLICATION,
            state=OfferState.APPLIED,
        )
    )
    db.session.commit()
    login(employer)
    response = client.post(
        "/tyonantaja/profiili",
        data={
            "place": "Tervola",
            "street_address": "Kotitie 3",
            "tasks": "Aamutoimet",
            "aids": "Nostolaite",
            "briefing_card": "Avain laatikossa",
            "max_distance_km": "80",
        },
    )
    assert response.status_code == 302
    profile = db.session.get(EmployerProfile, employer.id)
    db.session.refresh(profile)
    assert (profile.postcode, profile.max_distance_km) == ("95300", 80.0)
    assert client.post("/tyonantaja/profiili", data={"place": "Nowhere"}).status_code == 400
    client.post("/tyonantaja/rinki/lisaa", data={"assistant_id": assistant.id, "excluded": ""})
    assert db.session.scalar(select(RingMember.assistant_id)) == assistant.id
    client.post("/tyonantaja/rinki/lisaa", data={"assistant_id": assistant.id, "excluded": "1"})
    assert db.session.scalar(select(RingMember.id)) is None
    assert db.session.scalar(select(ExcludedAssistant.assistant_id)) == assistant.id
    assert client.get("/tyonantaja/rinki").status_code == 200
    client.post("/tyonantaja/rinki/poista", data={"assistant_id": assistant.id, "excluded": "1"})
    assert db.session.scalar(select(ExcludedAssistant.id)) is None


def test_post_one_off_regular_and_urgent(client, login, make_user, soon, monkeypatch):
    posted = []
    monkeypatch.setattr(
        "portal.services.urgent.shift_events.shift_posted",
        lambda shift, **_kwargs: posted.append(shift),
    )
    employer = make_user(Role.EMPLOYER)
    login(employer)
    assert client.get("/vuorot/uusi").status_code == 200
    assert client.post("/vuorot/uusi", data=shift_data(soon)).status_code == 302
    regular = shift_data(soon, kind="regular", weekdays=["0", "2"], start="21:00", end="07:00")
    assert client.post("/vuorot/uusi", data=regular).status_code == 302
    assert client.post("/vuorot/uusi", data=shift_data(soon, kind="urgent")).status_code == 302
    rows = db.session.scalars(select(Shift).order_by(Shift.id)).all()
    assert [s.kind for s in rows] == [ShiftKind.ONE_OFF, ShiftKind.REGULAR, ShiftKind.URGENT]
    assert to_local(rows[1].starts_at).weekday() in (0, 2)
    assert rows[1].ends_at - rows[1].starts_at == timedelta(hours=10)  # over midnight
    assert [s.id for s in posted] == [rows[2].id]
    past = shift_data(soon, day="2020-01-01")
    response = client.post("/vuorot/uusi", data=past)
    assert response.status_code == 400


def test_pending_employer_cannot_post(client, login, make_user, soon):
    login(make_user(Role.EMPLOYER, status=Status.PENDING))
    assert client.post("/vuorot/uusi", data=shift_data(soon)).status_code == 403


def test_edit_copy_and_ownership(client, login, make_user, make_shift, soon):
    employer, stranger = make_user(Role.EMPLOYER), make_user(Role.EMPLOYER)
    shift = make_shift(employer=employer)
    login(stranger)
    for url in (f"/vuorot/{shift.id}/hallinta", f"/vuorot/{shift.id}/ehdokkaat"):
        assert client.get(url).status_code == 404
    assert client.post(f"/vuorot/{shift.id}/peru").status_code == 404
    client.post("/kirjaudu-ulos")
    login(employer)
    assert client.get(f"/vuorot/{shift.id}/muokkaa").status_code == 200
    response = client.post(f"/vuorot/{shift.id}/muokkaa", data=shift_data(soon, title="Uusi nimi"))
    assert response.status_code == 302
    db.session.refresh(shift)
    assert shift.title == "Uusi nimi"
    later = soon + timedelta(days=7)
    response = client.post(f"/vuorot/{shift.id}/kopioi", data=shift_data(later))
    assert response.status_code == 302
    copy = db.session.scalar(select(Shift).where(Shift.copied_from_id == shift.id))
    assert copy is not None


def test_candidates_invite_applications_confirm(
    client, login, make_user, make_shift, always_available
):
    employer = make_user(Role.EMPLOYER)
    first = always_available(make_user(Role.ASSISTANT, first_name="Aino"))
    second = always_available(make_user(Role.ASSISTANT, first_name="Bertta"))
    shift = make_shift(employer=employer)
    login(employer)
    page = client.get(f"/vuorot/{shift.id}/ehdokkaat").get_data(as_text=True)
    assert "Aino" in page
    assert "Bertta" in page
    assert first.email not in page  # no contacts before they apply
    response = client.post(f"/vuorot/{shift.id}/kutsu", data={"assistants": [first.id, second.id]})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Offer)) == 2
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 2
    client.post("/kirjaudu-ulos")
    login(first)
    assert client.post(f"/vuorot/{shift.id}/vastaa", data={"answer": "yes"}).status_code == 302
    client.post("/kirjaudu-ulos")
    login(employer)
    page = client.get(f"/vuorot/{shift.id}/hallinta").get_data(as_text=True)
    assert first.email in page  # said yes: contacts shown
    assert second.email not in page
    offer = db.session.scalar(select(Offer).where(Offer.assistant_id == first.id))
    assert client.post(f"/vuorot/{shift.id}/vahvista/{offer.id}").status_code == 302
    db.session.refresh(shift)
    assert shift.state == ShiftState.FILLED
    other = db.session.scalar(select(Offer).where(Offer.assistant_id == second.id))
    db.session.refresh(other)
    assert other.state == OfferState.FILLED_ELSEWHERE
    again = client.post(f"/vuorot/{shift.id}/vahvista/{offer.id}")
    assert again.status_code == 400  # the shift's page with why, not a crash
    assert shift.title in again.text


def test_cancel_tells_the_confirmed_assistant(client, login, make_user, make_shift):
    employer, assistant = make_user(Role.EMPLOYER), make_user(Role.ASSISTANT)
    shift = make_shift(employer=employer)
    bookings.confirm(shift, assistant.id, employer)
    db.session.commit()
    login(employer)
    assert client.post(f"/vuorot/{shift.id}/peru").status_code == 302
    db.session.refresh(shift)
    assert shift.state == ShiftState.CANCELLED
    notice = db.session.scalar(select(Notification).where(Notification.user_id == assistant.id))
    assert notice.kind == "shift_cancelled"
    assert (
        db.session.scalar(select(DeliveryLog.address).where(DeliveryLog.channel == "email"))
        == assistant.email
    )


@pytest.fixture
def past_booking(make_user, make_shift, soon):
    employer, assistant = make_user(Role.EMPLOYER), make_user(Role.ASSISTANT)
    shift = make_shift(employer=employer, starts_at=soon - timedelta(days=10))
    booking = Booking(
        shift_id=shift.id,
        assistant_id=assistant.id,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
    )
    shift.state = ShiftState.FILLED
    db.session.add(booking)
    db.session.commit()
    return employer, assistant, booking


def test_after_shift_happened_and_ratings(client, login, past_booking):
    employer, assistant, booking = past_booking
    login(employer)
    assert client.get(f"/vuorot/varaus/{booking.id}").status_code == 200
    assert client.post(f"/vuorot/varaus/{booking.id}/toteutui").status_code == 302
    response = client.post(
        f"/vuorot/varaus/{booking.id}/arvio", data={"stars": "5", "comment": "Kiitos"}
    )
    assert response.status_code == 302
    # a second rating is a conflict with the first (409), shown on the page
    assert client.post(f"/vuorot/varaus/{booking.id}/arvio", data={"stars": "4"}).status_code == 409
    db.session.refresh(booking)
    assert booking.shift.state == ShiftState.COMPLETED
    client.post("/kirjaudu-ulos")
    login(assistant)
    assert client.post(f"/vuorot/varaus/{booking.id}/toteutui").status_code == 302
    assert client.post(f"/vuorot/varaus/{booking.id}/arvio", data={"stars": "4"}).status_code == 302


def test_no_show_and_dispute(client, login, make_user, past_booking):
    from portal.models import Report

    employer, assistant, booking = past_booking
    login(make_user(Role.ASSISTANT))
    assert client.get(f"/vuorot/varaus/{booking.id}").status_code == 404
    client.post("/kirjaudu-ulos")
    login(employer)
    assert (
        client.post(f"/vuorot/varaus/{booking.id}/ei-saapunut", data={"confirm": "y"}).status_code
        == 302
    )
    client.post("/kirjaudu-ulos")
    login(assistant)
    assert (
        client.post(f"/vuorot/varaus/{booking.id}/kiista", data={"reason": ""}).status_code == 400
    )
    response = client.post(
        f"/vuorot/varaus/{booking.id}/kiista", data={"reason": "Olin paikalla klo 7."}
    )
    assert response.status_code == 302
    report = db.session.scalar(select(Report))
    assert (report.kind, report.target_id, report.reporter_id) == (
        "dispute",
        booking.id,
        assistant.id,
    )


def test_retrain_saves_weights_the_index_loads(app, make_user, make_shift, always_available):
    from portal.services.matching import adapter as matching

    employer = make_user(Role.EMPLOYER)
    for n in range(6):
        assistant = always_available(make_user(Role.ASSISTANT))
        shift = make_shift(employer=employer)
        state = OfferState.ACCEPTED if n % 2 else OfferState.DECLINED
        db.session.add(
            Offer(shift_id=shift.id, assistant_id=assistant.id, source="invitation", state=state)
        )
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["recommender", "retrain"])
    assert result.exit_code == 0, result.output
    assert "learned from 6 outcomes" in result.output
    path = matching.weights_path()
    assert path.exists()
    matching.rank_for_shift(shift)
    index, _ = matching.candidate_index()
    assert hasattr(index.ranker, "weights_")
    path.unlink()
    (path.parent / "answer_model.json").unlink(missing_ok=True)  # retrain writes both
