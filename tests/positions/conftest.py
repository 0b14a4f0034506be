"""Positions fixtures: a position factory, decisions, and the marketplace fixtures."""

import gc
import warnings
from datetime import UTC, datetime, timedelta

import pytest
from pos_helpers import WEEKDAYS_8_14, next_monday

from portal.extensions import db
from portal.models import AvailabilityWindow, HoursPer, Relation, Role, Shift, ShiftKind, ShiftState
from portal.services.positions import decisions, positions
from portal.timeutil import today_local


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


@pytest.fixture(scope="session", autouse=True)
def _close_pool_at_exit(_session_app):
    """Close pooled connections before exit (psycopg warns about ones left open)."""
    yield
    with _session_app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module", autouse=True)
def _collect_connections(_session_app):
    """After each module, let go of PostgreSQL connections held by failed-flush tracebacks.

    Race and constraint tests leave reference cycles that keep psycopg connections alive;
    collected later they warn inside some other test. Collect them here, quietly.
    """
    yield
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        with _session_app.app_context():
            db.session.remove()
            db.engine.dispose()
        gc.collect()


@pytest.fixture(autouse=True)
def _fresh_index(app):
    """Each test starts with an empty per-process candidate index (tables are emptied)."""
    from portal.services.matching import adapter as matching

    matching.reset_index()
    # Translated error messages need a locale; English so tests can match the msgids.
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
def always_available():
    """Give an assistant a window over every whole day of the week."""

    def give(user):
        for weekday in range(7):
            db.session.add(
                AvailabilityWindow(assistant_id=user.id, weekday=weekday, start_min=0, end_min=1440)
            )
        db.session.commit()
        return user

    return give
