"""Board fixtures: shifts, availability, an English request context, a fresh index."""

from datetime import UTC, datetime, timedelta

import pytest

from portal.extensions import db
from portal.models import AssistantProfile, AvailabilityWindow, Role, Shift, ShiftKind, ShiftState


@pytest.fixture(autouse=True)
def _fresh_index(app):
    """Each test starts with an empty per-process candidate index (tables are emptied)."""
    from portal.services.matching import adapter as matching

    matching.reset_index()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield
    matching.reset_index()


@pytest.fixture
def soon():
    """A whole hour three days from now, in UTC."""
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    return now + timedelta(days=3)


@pytest.fixture
def make_shift(app, make_user, soon):
    """Factory: an open shift of a (new or given) employer."""

    def make(employer=None, starts_at=None, hours=4, kind=ShiftKind.ONE_OFF, **fields) -> Shift:
        employer = employer or make_user(Role.EMPLOYER)
        starts = starts_at or soon
        shift = Shift(
            employer_id=employer.id,
            kind=kind,
            state=fields.pop("state", ShiftState.OPEN),
            title=fields.pop("title", "Aamuvuoro"),
            starts_at=starts,
            ends_at=starts + timedelta(hours=hours),
            postcode=fields.pop("postcode", "94100"),
            **fields,
        )
        db.session.add(shift)
        db.session.commit()
        return shift

    return make


@pytest.fixture
def make_assistant(make_user):
    """Factory: an approved assistant free all week, with an announcement."""

    def make(postcode="94100", text="Kokenut avustaja", travel=60, on_call=False, **fields):
        user = make_user(Role.ASSISTANT, postcode=postcode, **fields)
        profile = db.session.get(AssistantProfile, user.id)
        profile.announcement, profile.max_travel_km, profile.on_call = text, travel, on_call
        for weekday in range(7):
            db.session.add(
                AvailabilityWindow(assistant_id=user.id, weekday=weekday, start_min=0, end_min=1440)
            )
        db.session.commit()
        return user

    return make
