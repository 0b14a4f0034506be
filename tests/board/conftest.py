"""Board fixtures: shifts, availability, an English request context, a fresh index."""

import pytest

from portal.extensions import db
from portal.models import AssistantProfile, AvailabilityWindow, Role
from tests.marketplace.conftest import *  # noqa: F403 - shared shop fixtures, found by name


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
