"""Issue 16 items 1–2: one after-shift state machine both sides see; no silent undo."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AfterShift, Booking, Report, Role, ShiftState


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


def _as(client, login, user):
    client.post("/kirjaudu-ulos")
    login(user)


def test_happened_and_rated_cannot_flip_to_no_show(client, login, past_booking):
    employer, assistant, booking = past_booking
    login(employer)
    assert client.post(f"/vuorot/varaus/{booking.id}/toteutui").status_code == 302
    client.post(f"/vuorot/varaus/{booking.id}/arvio", data={"stars": "5", "comment": "Hyvä"})
    page = client.get(f"/vuorot/varaus/{booking.id}").get_data(as_text=True)
    assert "Avustaja ei tullut" not in page  # the button is gone
    response = client.post(f"/vuorot/varaus/{booking.id}/ei-saapunut", data={"confirm": "y"})
    assert response.status_code == 409
    assert "toteutui" in response.get_data(as_text=True)
    db.session.refresh(booking)
    assert booking.outcome == AfterShift.HAPPENED
    assert not booking.no_show
    _as(client, login, assistant)
    page = client.get(f"/vuorot/varaus/{booking.id}").get_data(as_text=True)
    assert AfterShift.HAPPENED.label in page or "Vuoro toteutui" in page


def test_no_show_asks_for_confirmation(client, login, past_booking):
    employer, _assistant, booking = past_booking
    login(employer)
    response = client.post(f"/vuorot/varaus/{booking.id}/ei-saapunut")
    assert response.status_code == 400
    assert "Vahvista" in response.get_data(as_text=True)
    db.session.refresh(booking)
    assert booking.outcome == AfterShift.CONFIRMED
    assert (
        client.post(f"/vuorot/varaus/{booking.id}/ei-saapunut", data={"confirm": "y"}).status_code
        == 302
    )
    db.session.refresh(booking)
    assert booking.outcome == AfterShift.NO_SHOW
    assert booking.no_show


def test_assistant_happened_after_no_show_is_refused_and_points_to_dispute(
    client, login, past_booking
):
    employer, assistant, booking = past_booking
    login(employer)
    client.post(f"/vuorot/varaus/{booking.id}/ei-saapunut", data={"confirm": "y"})
    _as(client, login, assistant)
    page = client.get(f"/vuorot/varaus/{booking.id}").get_data(as_text=True)
    assert "Merkitty saapumatta jääneeksi" in page
    response = client.post(f"/vuorot/varaus/{booking.id}/toteutui", follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "merkitty tehdyksi" not in text
    assert "kiistä" in text.lower()
    db.session.refresh(booking)
    assert booking.outcome == AfterShift.NO_SHOW
    client.post(f"/vuorot/varaus/{booking.id}/kiista", data={"reason": "Olin paikalla."})
    db.session.refresh(booking)
    assert booking.outcome == AfterShift.DISPUTED
    _as(client, login, employer)
    page = client.get(f"/vuorot/varaus/{booking.id}").get_data(as_text=True)
    assert AfterShift.DISPUTED.label in page or "Kiistetty" in page


def test_dispute_decision_settles(app, make_user, past_booking):
    from portal.services.staff import moderation_decisions

    employer, assistant, booking = past_booking
    from portal.services.marketplace import aftercare

    aftercare.mark_no_show(employer, booking.id)
    aftercare.dispute_no_show(assistant, booking.id, "Olin paikalla.")
    report = db.session.scalar(select(Report))
    moderation_decisions.decide(make_user(Role.COORDINATOR), report, "no_show_removed", "Ok")
    db.session.refresh(booking)
    assert booking.outcome == AfterShift.SETTLED


def test_employer_no_show_after_assistant_claims_happened_goes_to_dispute(
    client, login, past_booking
):
    employer, assistant, booking = past_booking
    login(assistant)
    client.post(f"/vuorot/varaus/{booking.id}/toteutui")
    db.session.refresh(booking)
    assert booking.outcome == AfterShift.CONFIRMED  # one side's word is not the outcome
    _as(client, login, employer)
    client.post(f"/vuorot/varaus/{booking.id}/ei-saapunut", data={"confirm": "y"})
    db.session.refresh(booking)
    assert booking.outcome == AfterShift.DISPUTED
    assert db.session.scalar(select(Report.kind)) == "dispute"
