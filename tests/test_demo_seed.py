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
    # The open urgent shifts' offer rounds draw SMS reply codes at random (secrets), quote
    # them in the message bodies and time their windows and sends from the clock.
    "sms_code",
    "body",
    "sent_at",
    "window_ends_at",
    "expires_at",
    # A round whose first (night) window already ended when the demo is loaded is judged
    # by its window timer at the real time, which may alert the coordinators then.
    "flagged_at",
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


def test_demo_history_gives_real_dashboard_figures(demo):
    """Issue 16 item 7: not 100 % fill and "0.0 h" everywhere; urgent shifts fill faster."""
    from portal.services.staff import stats

    app, _direct, today = demo
    with app.app_context():
        now = local_to_utc(today, time(0))
        figures = stats.fill_stats(now - timedelta(days=60), now, now)
        total = figures["total"]
        assert 0.6 < total.fill_rate < 0.97
        assert total.unfilled >= 5
        assert total.median_hours > 1
        lead = {group.key: group for group in figures["lead"]}
        assert lead["6–24 h"].filled >= 3
        assert 0 < lead["6–24 h"].median_hours < lead["> 7 d"].median_hours


def test_demo_queue_holds_nothing_dated_after_loading(demo):
    from datetime import UTC, datetime

    from portal.models import Report

    app, _direct, _today = demo
    with app.app_context():
        latest = db.session.scalar(select(func.max(Report.created_at)))
        assert latest <= datetime.now(UTC)
        assert db.session.scalar(select(func.max(Shift.created_at))) <= datetime.now(UTC)


def test_demo_titles_match_their_hours(demo):
    from portal.timeutil import to_local

    app, _direct, _today = demo
    with app.app_context():
        for shift in db.session.scalars(select(Shift)):
            hour = to_local(shift.starts_at).hour
            if shift.title.startswith("Yövuoro"):
                assert hour >= 20, (shift.title, hour)
            if shift.title.startswith("Aamuvuoro"):
                assert 5 <= hour <= 9, (shift.title, hour)


def test_every_open_urgent_demo_shift_ahead_has_its_round(demo):
    from portal.models import OfferRound, ShiftKind, ShiftState

    app, _direct, today = demo
    with app.app_context():
        now = local_to_utc(today, time(0))
        urgent = set(
            db.session.scalars(
                select(Shift.id).where(
                    Shift.kind == ShiftKind.URGENT,
                    Shift.state == ShiftState.OPEN,
                    Shift.starts_at > now,
                )
            )
        )
        with_round = set(db.session.scalars(select(OfferRound.shift_id)))
        assert urgent
        assert urgent <= with_round


def test_the_demo_has_recorded_and_approved_hours(demo):
    from portal.models import Timesheet, TimesheetState

    app, _direct, _today = demo
    with app.app_context():
        states = list(db.session.scalars(select(Timesheet.state)))
        assert states.count(TimesheetState.APPROVED) >= 2
        assert TimesheetState.SUBMITTED in states
        erkki = db.session.scalar(select(User).where(User.email.startswith("erkki.")))
        assert db.session.get(EmployerProfile, erkki.id).hourly_wage is not None
