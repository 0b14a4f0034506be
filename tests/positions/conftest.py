"""Positions fixtures: a position factory, decisions, and the marketplace fixtures."""

from datetime import timedelta

import pytest
from pos_helpers import WEEKDAYS_8_14, next_monday

from portal.extensions import db
from portal.models import HoursPer, Relation, Role
from portal.services.positions import decisions, positions
from portal.timeutil import today_local
from tests.marketplace.conftest import *  # noqa: F403 - shared shop fixtures, found by name


@pytest.fixture
def make_position(app, make_user):
    """Factory: an open position posted through the service (Mon–Fri 8–14 by default)."""

    def make(employer=None, windows=None, starts_on=None, ends_on=None, **fields):
        employer = employer or make_user(Role.EMPLOYER)
        draft = positions.PositionDraft(
            title=fields.pop("title", "Avustaja arkiaamuihin"),
            tasks=fields.pop("tasks", "Aamutoimet ja kauppa"),
            windows=windows or WEEKDAYS_8_14,
            starts_on=starts_on or next_monday(),
            ends_on=ends_on,
            place=fields.pop("place", "94100"),
            languages=fields.pop("languages", ["fi"]),
            required=[],
            preferred=[],
            pay_basis="Heta-JHL TES",
            urgent_round_on_absence=fields.pop("urgent_round_on_absence", True),
        )
        position = positions.post_position(employer, draft, acknowledged=True)
        db.session.commit()
        return position

    return make


@pytest.fixture
def make_decision(app):
    """Factory: a decision on file for an employer."""

    def make(employer, granted=120.0, per=HoursPer.MONTH, relatives=(), **flags):
        draft = decisions.DecisionDraft(
            decided_on=today_local() - timedelta(days=30),
            valid_from=today_local() - timedelta(days=30),
            valid_until=None,
            granted_hours=granted,
            hours_per=per,
            relatives=[(name, Relation(rel), today_local()) for name, rel in relatives],
            **flags,
        )
        decision = decisions.record_decision(employer, employer.id, draft)
        db.session.commit()
        return decision

    return make
