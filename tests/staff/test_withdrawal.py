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
    User,
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


def _suspend_while_confirming(app, staff_id, assistant_id, shift_ids):
    """One thread suspends the assistant while others confirm them for shifts, all at once."""
    import gc
    import threading
    import warnings

    from portal.services.errors import DomainError
    from portal.services.marketplace import bookings
    from portal.services.staff import vetting_decisions

    barrier = threading.Barrier(len(shift_ids) + 1)
    results = []

    def confirm(shift_id):
        with app.test_request_context():
            shift = db.session.get(Shift, shift_id)
            barrier.wait()
            try:
                bookings.confirm(shift, assistant_id, None)
                db.session.commit()
                results.append("booked")
            except DomainError:
                db.session.rollback()
                results.append("refused")
            finally:
                db.session.remove()

    def suspend():
        with app.test_request_context():
            staff, user = db.session.get(User, staff_id), db.session.get(User, assistant_id)
            barrier.wait()
            try:
                vetting_decisions.suspend(staff, user, "Vakava valitus")
                db.session.commit()
                results.append("suspended")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=confirm, args=(i,)) for i in shift_ids]
    threads.append(threading.Thread(target=suspend))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        db.engine.dispose()
        gc.collect()
    return results


@pytest.mark.parametrize("attempt", range(3))
def test_no_booking_survives_a_suspension_that_races_with_confirms(
    app, make_user, make_shift, coordinator, attempt
):
    assistant = make_user()
    start = datetime.now(UTC) + timedelta(days=2)
    shift_ids = [
        make_shift(kind=ShiftKind.ONE_OFF, starts_at=start + timedelta(hours=6 * n)).id
        for n in range(6)
    ]
    results = _suspend_while_confirming(app, coordinator.id, assistant.id, shift_ids)
    assert "suspended" in results
    db.session.expire_all()
    alive = db.session.scalars(
        select(Booking).where(Booking.assistant_id == assistant.id, Booking.cancelled_at.is_(None))
    ).all()
    assert alive == []
    open_again = db.session.scalars(select(Shift.state).where(Shift.id.in_(shift_ids))).all()
    assert set(open_again) == {ShiftState.OPEN}
