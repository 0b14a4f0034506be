"""Marketplace fixtures: shifts, availability, a fresh candidate index per test."""

import gc
import warnings
from datetime import UTC, datetime, timedelta

import pytest

from portal.extensions import db
from portal.models import AvailabilityWindow, Role, Shift, ShiftKind, ShiftState

# Other folders share these with `from tests.marketplace.conftest import *`; the autouse
# fixtures start with "_", so a star import takes them only when they are listed here.
__all__ = [
    "_close_pool_at_exit",
    "_collect_connections",
    "_fresh_index",
    "always_available",
    "make_shift",
    "soon",
]


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
