"""Confirmation is race-safe: the database, not Python, decides who wins."""

import gc
import threading
import warnings
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Booking, ChangeLog, Offer, OfferState, Role, Shift, ShiftState
from portal.services.errors import ConflictError, DomainError, NotFoundError
from portal.services.marketplace import bookings


def test_confirm_fills_the_shift_and_logs_the_change(make_user, make_shift):
    assistant = make_user(Role.ASSISTANT)
    shift = make_shift()
    employer = db.session.get(type(assistant), shift.employer_id)
    before = db.session.scalar(select(func.count()).select_from(ChangeLog))
    booking = bookings.confirm(shift, assistant.id, employer)
    db.session.commit()
    assert shift.state == ShiftState.FILLED
    assert booking.starts_at == shift.starts_at
    offer = db.session.scalar(select(Offer).where(Offer.shift_id == shift.id))
    assert offer.state == OfferState.CONFIRMED
    logged = db.session.scalars(select(ChangeLog.assistant_id).order_by(ChangeLog.seq)).all()
    assert len(logged) > before
    assert logged[-1] == assistant.id


def test_second_confirm_of_the_same_shift_is_a_kind_conflict(make_user, make_shift):
    first, second = make_user(Role.ASSISTANT), make_user(Role.ASSISTANT)
    shift = make_shift()
    bookings.confirm(shift, first.id, None)
    db.session.commit()
    with pytest.raises(ConflictError, match="moment ago"):
        bookings.confirm(shift, second.id, None)
    db.session.rollback()


def test_an_assistant_never_has_two_overlapping_bookings(make_user, make_shift, soon):
    assistant = make_user(Role.ASSISTANT)
    one = make_shift(starts_at=soon)
    other = make_shift(starts_at=soon + timedelta(hours=2))
    bookings.confirm(one, assistant.id, None)
    db.session.commit()
    with pytest.raises(ConflictError, match="another shift at the same time"):
        bookings.confirm(other, assistant.id, None)
    db.session.rollback()
    assert db.session.get(Shift, other.id).state == ShiftState.OPEN
    # Back to back is fine.
    later = make_shift(starts_at=soon + timedelta(hours=4))
    bookings.confirm(later, assistant.id, None)
    db.session.commit()


def test_database_rejects_overlap_even_without_the_service(make_user, make_shift, soon):
    assistant = make_user(Role.ASSISTANT)
    one, other = make_shift(starts_at=soon), make_shift(starts_at=soon + timedelta(hours=1))
    for shift in (one, other):
        db.session.add(
            Booking(
                shift_id=shift.id,
                assistant_id=assistant.id,
                starts_at=shift.starts_at,
                ends_at=shift.ends_at,
            )
        )
    with pytest.raises(Exception, match="(?i)overlap"):
        db.session.flush()
    db.session.rollback()


def test_cancelled_booking_frees_the_time(make_user, make_shift, soon):
    assistant = make_user(Role.ASSISTANT)
    one, other = make_shift(starts_at=soon), make_shift(starts_at=soon)
    employer = db.session.get(type(assistant), one.employer_id)
    booking = bookings.confirm(one, assistant.id, employer)
    db.session.commit()
    bookings.cancel_booking(booking, assistant)
    db.session.commit()
    assert booking.late_cancel is False
    assert db.session.get(Shift, one.id).state == ShiftState.OPEN
    bookings.confirm(other, assistant.id, None)
    db.session.commit()


def test_late_cancellation_is_marked(make_user, make_shift):
    from datetime import UTC, datetime

    assistant = make_user(Role.ASSISTANT)
    shift = make_shift(starts_at=datetime.now(UTC) + timedelta(hours=5))
    booking = bookings.confirm(shift, assistant.id, None)
    bookings.cancel_booking(booking, assistant)
    db.session.commit()
    assert booking.late_cancel is True


def test_strangers_cannot_confirm_or_cancel(make_user, make_shift):
    assistant, stranger = make_user(Role.ASSISTANT), make_user(Role.EMPLOYER)
    shift = make_shift()
    with pytest.raises(NotFoundError):
        bookings.confirm(shift, assistant.id, stranger)
    booking = bookings.confirm(shift, assistant.id, None)
    db.session.commit()
    with pytest.raises(NotFoundError):
        bookings.cancel_booking(booking, stranger)


def test_pending_assistant_cannot_be_confirmed(make_user, make_shift):
    from portal.models import Status

    pending = make_user(Role.ASSISTANT, status=Status.PENDING)
    with pytest.raises(DomainError):
        bookings.confirm(make_shift(), pending.id, None)
    db.session.rollback()


def _race(app, shift_ids, assistant_ids):
    """Run one confirm per (shift, assistant) pair in its own thread, all at once."""
    barrier = threading.Barrier(len(assistant_ids))
    results = []

    def worker(shift_id, assistant_id):
        with app.test_request_context():
            shift = db.session.get(Shift, shift_id)
            barrier.wait()
            try:
                bookings.confirm(shift, assistant_id, None)
                db.session.commit()
                results.append("won")
            except ConflictError:
                db.session.rollback()
                results.append("lost")
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=worker, args=pair)
        for pair in zip(shift_ids, assistant_ids, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    # Failed flushes leave reference cycles holding the threads' psycopg connections; let
    # them go here, quietly, rather than warn at a random moment in a later test.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        db.engine.dispose()
        gc.collect()
    return results


def test_concurrent_confirms_of_one_shift_make_exactly_one_booking(app, make_user, make_shift):
    assistants = [make_user(Role.ASSISTANT) for _ in range(6)]
    shift = make_shift()
    results = _race(app, [shift.id] * 6, [a.id for a in assistants])
    assert sorted(results) == ["lost"] * 5 + ["won"]
    db.session.expire_all()
    count = db.session.scalar(
        select(func.count()).select_from(Booking).where(Booking.shift_id == shift.id)
    )
    assert count == 1
    assert db.session.get(Shift, shift.id).state == ShiftState.FILLED


def test_concurrent_confirms_of_one_assistant_for_overlapping_shifts(
    app, make_user, make_shift, soon
):
    assistant = make_user(Role.ASSISTANT)
    shifts = [make_shift(starts_at=soon + timedelta(minutes=30 * n)) for n in range(5)]
    results = _race(app, [s.id for s in shifts], [assistant.id] * 5)
    assert results.count("won") == 1
    db.session.expire_all()
    count = db.session.scalar(
        select(func.count()).select_from(Booking).where(Booking.assistant_id == assistant.id)
    )
    assert count == 1


def test_confirming_an_assistant_booked_elsewhere_is_a_409_page(
    app, client, login, make_user, make_shift, soon
):
    """The overlap rule says no through the page: a clear 409, never a server error."""
    assistant, employer = make_user(Role.ASSISTANT), make_user(Role.EMPLOYER)
    elsewhere = make_shift(starts_at=soon)
    bookings.confirm(elsewhere, assistant.id, None)
    mine = make_shift(employer=employer, starts_at=soon + timedelta(hours=1))
    offer = Offer(
        shift_id=mine.id, assistant_id=assistant.id, source="application", state="applied"
    )
    db.session.add(offer)
    db.session.commit()
    login(employer)
    response = client.post(f"/vuorot/{mine.id}/vahvista/{offer.id}")
    assert response.status_code == 409
    assert "toiseen vuoroon samalle ajalle" in response.text  # the reason, in Finnish
    assert db.session.get(Shift, mine.id).state == ShiftState.OPEN


def test_racing_confirmations_through_the_page_lose_with_409_not_500(app, make_user, make_shift):
    """30 browsers confirm 30 applicants of one shift at once: one 302, the rest 409."""
    employer = make_user(Role.EMPLOYER)
    email = employer.email
    shift = make_shift(employer=employer)
    offer_ids = []
    for _ in range(30):
        assistant = make_user(Role.ASSISTANT)
        offer = Offer(
            shift_id=shift.id, assistant_id=assistant.id, source="application", state="applied"
        )
        db.session.add(offer)
        db.session.flush()
        offer_ids.append(offer.id)
    db.session.commit()
    shift_id = shift.id
    clients = []
    for _ in offer_ids:
        browser = app.test_client()
        signed_in = browser.post(
            "/kirjaudu", data={"email": email, "password": "correct horse battery"}
        )
        assert signed_in.status_code == 302
        clients.append(browser)
    barrier = threading.Barrier(len(clients))
    codes = []

    def confirm(browser, offer_id):
        barrier.wait()
        codes.append(browser.post(f"/vuorot/{shift_id}/vahvista/{offer_id}").status_code)

    threads = [
        threading.Thread(target=confirm, args=pair) for pair in zip(clients, offer_ids, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(codes) == [302] + [409] * 29, codes
    db.session.rollback()
    assert db.session.scalar(select(func.count(Booking.id))) == 1
