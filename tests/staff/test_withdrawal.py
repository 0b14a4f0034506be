"""Issue 10 item 2: a suspended or erased assistant leaves every future shift."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AssistantProfile,
    Booking,
    DeliveryLog,
    ErasureRequest,
    Notification,
    OfferRound,
    Role,
    Shift,
    ShiftKind,
    ShiftState,
)
from portal.services.marketplace import calendar


@pytest.fixture
def booked(make_user, make_shift, book):
    """An assistant booked for a future regular shift of a Swedish-speaking employer,
    with a past booking and a calendar feed."""
    assistant = make_user(first_name="Varattu")
    employer = make_user(Role.EMPLOYER, locale="sv")
    future = make_shift(
        employer,
        kind=ShiftKind.REGULAR,
        state=ShiftState.FILLED,
        starts_at=datetime.now(UTC) + timedelta(hours=10),
        title="Iltavuoro",
    )
    past = make_shift(
        employer,
        kind=ShiftKind.REGULAR,
        state=ShiftState.FILLED,
        starts_at=datetime.now(UTC) - timedelta(days=3),
    )
    book(future, assistant)
    old = book(past, assistant)
    token = calendar.new_token(assistant)
    db.session.commit()
    return assistant, employer, future, old, token


def _suspend(staff_client, open_data, user):
    open_data(user, purpose="safety")
    response = staff_client.post(
        f"/koordinaattori/kayttajat/{user.id}/jaadyta", data={"jaadyta-reason": "Valitus"}
    )
    assert response.status_code == 302


def _erase(app, staff_client, user):
    db.session.add(ErasureRequest(user_id=user.id))
    db.session.commit()
    request = db.session.scalar(select(ErasureRequest).where(ErasureRequest.user_id == user.id))
    assert staff_client.post(f"/koordinaattori/poistopyynnot/{request.id}").status_code == 302


def _assert_withdrawn(assistant, employer, future, old, token):
    db.session.expire_all()
    booking = db.session.scalar(select(Booking).where(Booking.shift_id == future.id))
    assert booking.cancelled_at is not None
    assert booking.late_cancel is False  # staff cancelled; not the assistant's reliability
    assert db.session.get(Shift, future.id).state == ShiftState.OPEN
    assert db.session.get(Booking, old.id).cancelled_at is None  # the past stays
    told = db.session.scalars(select(Notification).where(Notification.user_id == employer.id)).all()
    assert [n.kind for n in told] == ["booking.withdrawn"]
    assert "Iltavuoro" in told[0].body
    assert "Bokningen är avbokad" in told[0].body  # in the employer's language
    mail = db.session.scalars(
        select(DeliveryLog).where(DeliveryLog.address == employer.email)
    ).all()
    assert len(mail) == 1
    assert "Iltavuoro" in mail[0].subject
    assert db.session.get(AssistantProfile, assistant.id).calendar_token is None
    assert calendar.feed(token, "http://x") is None


def test_suspension_cancels_future_bookings_tells_employer_and_stops_feed(
    app, staff_client, open_data, booked
):
    assert calendar.feed(booked[4], "http://x") is not None
    _suspend(staff_client, open_data, booked[0])
    _assert_withdrawn(*booked)


def test_erasure_cancels_future_bookings_and_hides_the_placeholder_address(
    app, staff_client, booked, client, login
):
    assistant, employer, future, old, token = booked
    _erase(app, staff_client, assistant)
    _assert_withdrawn(*booked)
    from flask import g

    g.pop("_login_user", None)
    employer_client = app.test_client()
    employer_client.post(
        "/kirjaudu", data={"email": employer.email, "password": "correct horse battery"}
    )
    g.pop("_login_user", None)
    page = employer_client.get(f"/vuorot/{old.shift_id}/hallinta").text
    assert "@invalid.invalid" not in page
    assert "erased-" not in page


def test_an_erased_user_is_shown_as_deleted(app, make_user):
    user = make_user(first_name="Poistuva")
    from portal.services.staff import personal_data

    personal_data.erase(user)
    db.session.commit()
    assert user.display_name == "Poistettu käyttäjä"
    assert user.full_name == "Poistettu käyttäjä"
    assert user.contact_email == ""


def test_suspension_restarts_the_round_of_an_urgent_shift(
    app, staff_client, open_data, make_user, make_shift, book
):
    assistant = make_user()
    shift = make_shift(kind=ShiftKind.URGENT, state=ShiftState.FILLED)
    book(shift, assistant)
    _suspend(staff_client, open_data, assistant)
    db.session.expire_all()
    assert db.session.get(Shift, shift.id).state == ShiftState.OPEN
    offer_round = db.session.scalar(select(OfferRound).where(OfferRound.shift_id == shift.id))
    assert offer_round is not None
    assert offer_round.state in ("running", "exhausted", "flagged")
