"""Fixtures for hours and pay: an employer with a wage, an assistant, booked past work."""

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest

from portal.extensions import db
from portal.models import Booking, EmployerProfile, Role, Shift, ShiftKind, ShiftState
from portal.timeutil import local_span_to_utc


@pytest.fixture(autouse=True)
def _english(app):
    """Translated messages need a locale; English so tests can match the msgids."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


@pytest.fixture
def employer(make_user):
    """An approved employer in Kemi paying 15,00 €/h, granted 40 h a month."""
    user = make_user(Role.EMPLOYER, first_name="Erkki", last_name="Työnantaja")
    profile = db.session.get(EmployerProfile, user.id)
    profile.hourly_wage = Decimal("15.00")
    profile.monthly_hours = Decimal("40")
    db.session.commit()
    return user


@pytest.fixture
def assistant(make_user):
    """An approved assistant."""
    return make_user(Role.ASSISTANT, first_name="Aino", last_name="Avustaja")


@pytest.fixture
def worked(app):
    """Factory: a filled shift with its booking on a local day and clock span."""

    def make(employer, assistant, day: date, start=time(9), end=time(13), title="Aamuvuoro"):
        starts, ends = local_span_to_utc(day, start, end)
        shift = Shift(
            employer_id=employer.id,
            kind=ShiftKind.ONE_OFF,
            state=ShiftState.FILLED,
            title=title,
            starts_at=starts,
            ends_at=ends,
            postcode="94100",
            created_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
        db.session.add(shift)
        db.session.flush()
        booking = Booking(
            shift_id=shift.id, assistant_id=assistant.id, starts_at=starts, ends_at=ends
        )
        db.session.add(booking)
        db.session.commit()
        return booking

    return make


def at(day: date, clock: time) -> datetime:
    """A Helsinki wall-clock moment as an aware UTC datetime."""
    return local_span_to_utc(day, clock, clock)[0]
