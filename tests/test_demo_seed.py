"""The demo: deterministic, loaded once, big enough, and every README account signs in."""

import hashlib
import re
from datetime import time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

import seeds.demo
from portal import create_app
from portal.extensions import db
from portal.models import Base, Booking, EmployerProfile, Rating, Role, Shift, Status, User
from portal.timeutil import local_to_utc, today_local
from tests import conftest as base

README = Path(__file__).resolve().parent.parent / "README.md"
# Columns that hold the wall-clock time of loading or a salted hash: not part of the content.
VOLATILE = {
    "created_at",
    "agreement_accepted_at",
    "password_hash",
    "decided_at",
    "updated_at",
    "added_at",
    "confirmed_at",
    "at",  # change_log rows (written by the marketplace session hook) carry the write time
}


def _fresh_app(path: Path):
    app = create_app(base.test_config("sqlite:///" + str(path)))
    with app.app_context():
        db.create_all()
    return app


def digest(app) -> str:
    """A hash over every row of every table, without the volatile columns."""
    sha = hashlib.sha256()
    with app.app_context():
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if c.name not in VOLATILE]
            rows = db.session.execute(select(*columns).order_by(*table.primary_key.columns))
            sha.update(table.name.encode())
            for row in rows:
                sha.update(repr(tuple(row)).encode())
    return sha.hexdigest()


def _counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            t.name: db.session.scalar(select(func.count()).select_from(t))
            for t in Base.metadata.sorted_tables
        }


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Two fresh databases: one loaded by `flask seed demo`, one by load_demo()."""
    today = today_local()
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(seeds.demo, "today_local", lambda: today)
        by_cli = _fresh_app(folder / "cli.sqlite3")
        result = by_cli.test_cli_runner().invoke(args=["seed", "demo"])
        assert result.exit_code == 0, result.output
        assert "demo loaded" in result.output
        direct = _fresh_app(folder / "direct.sqlite3")
        with direct.app_context():
            assert seeds.demo.load_demo(today) is True
            db.session.commit()
        yield by_cli, direct, today
    for app in (by_cli, direct):
        with app.app_context():
            db.engine.dispose()


def test_two_loads_into_fresh_databases_are_identical(demo):
    by_cli, direct, _today = demo
    assert digest(by_cli) == digest(direct)


def test_loading_again_changes_nothing(demo):
    _by_cli, direct, today = demo
    before, counts = digest(direct), _counts(direct)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(seeds.demo, "today_local", lambda: today)
        result = direct.test_cli_runner().invoke(args=["seed", "demo"])
    assert result.exit_code == 0
    assert "nothing changed" in result.output
    assert digest(direct) == before
    assert _counts(direct) == counts


def test_the_demo_has_enough_believable_content(demo):
    app, _direct, today = demo
    with app.app_context():

        def count(*where, model=User):
            return db.session.scalar(select(func.count()).select_from(model).where(*where))

        assert count(User.role == Role.ASSISTANT, User.status == Status.APPROVED) >= 150
        assert count(User.role == Role.EMPLOYER, User.status == Status.APPROVED) >= 40
        assert count(EmployerProfile.acts_for_principal.is_(True), model=EmployerProfile) >= 1
        assert count(User.status == Status.PENDING) >= 1
        assert count(User.role == Role.COORDINATOR) >= 1
        now = local_to_utc(today, time(0))
        upcoming = count(
            Shift.starts_at >= now, Shift.starts_at < now + timedelta(days=28), model=Shift
        )
        assert upcoming >= 40
        assert count(Shift.starts_at < now, model=Shift) >= 40
        past_rated = db.session.scalar(
            select(func.count(func.distinct(Booking.id)))
            .join(Rating, Rating.booking_id == Booking.id)
            .where(Booking.ends_at < now)
        )
        assert past_rated >= 40
        places = set(db.session.scalars(select(Shift.postcode)))
        assert {"94100", "95400", "96100"} & places  # Kemi, Tornio, Rovaniemi


def _readme_accounts() -> list[tuple[str, str, str]]:
    rows = re.findall(r"^\| ([^|]+) \| (\S+@\S+) \| (\S+) \|$", README.read_text(), re.M)
    return [(role.strip(), email, password) for role, email, password in rows]


def test_readme_lists_the_required_demo_accounts():
    roles = " ".join(role for role, _e, _p in _readme_accounts())
    for needed in (
        "assistant",
        "employer",
        "substitute employer acting for a principal",
        "coordinator",
    ):
        assert needed in roles


def test_every_named_demo_account_in_the_readme_signs_in(demo):
    app, _direct, _today = demo
    accounts = _readme_accounts()
    assert len(accounts) >= 4
    for role, email, password in accounts:
        client = app.test_client()
        response = client.post("/kirjaudu", data={"email": email, "password": password})
        assert response.status_code == 302, (role, email)
        assert "Hei, " in client.get("/").get_data(as_text=True)
    with app.app_context():
        sanna = db.session.scalar(select(User).where(User.email.startswith("sanna.")))
        assert db.session.get(EmployerProfile, sanna.id).acts_for_principal


def test_the_demo_has_recorded_and_approved_hours(demo):
    from portal.models import Timesheet, TimesheetState

    app, _direct, _today = demo
    with app.app_context():
        states = list(db.session.scalars(select(Timesheet.state)))
        assert states.count(TimesheetState.APPROVED) >= 2
        assert TimesheetState.SUBMITTED in states
        erkki = db.session.scalar(select(User).where(User.email.startswith("erkki.")))
        assert db.session.get(EmployerProfile, erkki.id).hourly_wage is not None
