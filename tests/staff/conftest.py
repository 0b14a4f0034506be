"""Fixtures for the staff side: a signed-in coordinator, shifts, bookings and offers."""

from datetime import UTC, datetime, timedelta

import pytest

from portal.extensions import db
from portal.models import (
    AvailabilityWindow,
    Booking,
    Offer,
    OfferSource,
    OfferState,
    Role,
    Shift,
    ShiftKind,
    ShiftState,
)


@pytest.fixture
def coordinator(make_user):
    """An approved coordinator."""
    return make_user(Role.COORDINATOR, email="kaisa@havu.example")


@pytest.fixture
def staff_client(client, coordinator, login):
    """The test client signed in as the coordinator."""
    login(coordinator)
    return client


@pytest.fixture
def open_data(staff_client):
    """State a purpose for a user so their data page opens; returns a helper."""

    def do(user, purpose="vetting", explanation=""):
        return staff_client.post(
            f"/koordinaattori/kayttajat/{user.id}/tarkoitus",
            data={"purpose": purpose, "explanation": explanation},
        )

    return do


@pytest.fixture
def make_shift(app, make_user):
    """Factory: a shift of a (new) employer at a postal code."""

    def make(
        employer=None,
        *,
        starts_at=None,
        hours=4,
        kind=ShiftKind.URGENT,
        state=ShiftState.OPEN,
        postcode="94100",
        created_at=None,
        **fields,
    ):
        employer = employer or make_user(Role.EMPLOYER)
        starts_at = starts_at or datetime.now(UTC) + timedelta(hours=3)
        shift = Shift(
            employer_id=employer.id,
            kind=kind,
            state=state,
            title=fields.pop("title", "Aamuvuoro"),
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours),
            postcode=postcode,
            created_at=created_at or starts_at - timedelta(days=1),
            **fields,
        )
        db.session.add(shift)
        db.session.commit()
        return shift

    return make


@pytest.fixture
def book(app):
    """Factory: confirm an assistant for a shift."""

    def make(shift, assistant, confirmed_at=None, **fields):
        booking = Booking(
            shift_id=shift.id,
            assistant_id=assistant.id,
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
            confirmed_at=confirmed_at or shift.created_at + timedelta(hours=1),
            **fields,
        )
        db.session.add(booking)
        db.session.commit()
        return booking

    return make


@pytest.fixture
def offer(app):
    """Factory: an offer of a shift to an assistant."""

    def make(shift, assistant, state=OfferState.OFFERED, tier=1, **fields):
        row = Offer(
            shift_id=shift.id,
            assistant_id=assistant.id,
            source=fields.pop("source", OfferSource.ROUND),
            state=state,
            tier=tier,
            **fields,
        )
        db.session.add(row)
        db.session.commit()
        return row

    return make


def always_available(assistant) -> None:
    """Give an assistant weekly windows covering every minute of the week."""
    for day in range(7):
        db.session.add(
            AvailabilityWindow(assistant_id=assistant.id, weekday=day, start_min=0, end_min=1440)
        )
    db.session.commit()
