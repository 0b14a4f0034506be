"""Fixtures: an app on a temp SQLite file (or TEST_DATABASE_URL), clients, factories."""

import os
from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher
from flask import g
from sqlalchemy import text

from portal import create_app
from portal.extensions import db
from portal.models import AssistantProfile, Base, EmployerProfile, Role, Status, User
from portal.services import accounts

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
KEPT_TABLES = {"municipalities", "postal_codes", "village_aliases", "skills"}
PASSWORD = "correct horse battery"
# Cheap argon2 parameters in tests only: the throttling and sign-in tests hash hundreds of
# times, and the production cost (64 MiB, 3 passes) is not what they test.
accounts.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
_HASH = accounts.hasher.hash(PASSWORD)


def test_config(url: str) -> dict:
    """Settings for tests: CSRF off (one test turns it on), no real mail server."""
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "DEMO_OUTBOX": True,
        "MAIL_SERVER": "",
    }


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """PostgreSQL when TEST_DATABASE_URL is set, else a temp SQLite file."""
    return TEST_DATABASE_URL or "sqlite:///" + str(tmp_path_factory.mktemp("db") / "t.sqlite3")


@pytest.fixture(scope="session")
def _session_app(database_url):
    app = create_app(test_config(database_url))

    @app.before_request
    def _fresh_request_globals():
        # The `app` fixture keeps one app context open for the whole test, so every request
        # of every test client shares its `g`: drop what Flask-Login and Flask-Babel cache
        # there (the signed-in user, the locale), as a real request's fresh context would.
        g.pop("_login_user", None)
        g.pop("_flask_babel", None)

    with app.app_context():
        from seeds.places import load_places
        from seeds.skills import load_skills

        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
        load_places()
        load_skills()
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # close pooled PostgreSQL connections before pytest checks leaks


def _empty_tables() -> None:
    """Delete every row except the gazetteer and skills, children first."""
    db.session.rollback()
    for table in reversed(Base.metadata.sorted_tables):
        if table.name not in KEPT_TABLES:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(_session_app):
    """The app inside an app context, with empty tables after each test."""
    with _session_app.app_context():
        yield _session_app
        db.session.remove()
        _empty_tables()


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


@pytest.fixture
def make_user(app):
    """Factory: a user with a profile; approved by default."""
    counter = iter(range(1, 10**6))

    def make(
        role=Role.ASSISTANT, status=Status.APPROVED, email=None, postcode="94100", **fields
    ) -> User:
        n = next(counter)
        user = User(
            email=email or f"{role}{n}@example.fi",
            password_hash=_HASH,
            role=role,
            status=status,
            first_name=fields.pop("first_name", f"Etu{n}"),
            last_name=fields.pop("last_name", f"Suku{n}"),
            phone=fields.pop("phone", "040 1"),
            locale=fields.pop("locale", "fi"),
            agreement_version="2026-1",
            agreement_accepted_at=datetime.now(UTC),
            **fields,
        )
        db.session.add(user)
        db.session.flush()
        if role == Role.ASSISTANT:
            db.session.add(AssistantProfile(user_id=user.id, postcode=postcode))
        elif role == Role.EMPLOYER:
            db.session.add(EmployerProfile(user_id=user.id, postcode=postcode))
        db.session.commit()
        return user

    return make


@pytest.fixture
def login(client):
    """Sign a user in through the real form; returns the response."""

    def do(user_or_email, password=PASSWORD, follow=False):
        email = getattr(user_or_email, "email", user_or_email)
        return client.post(
            "/kirjaudu", data={"email": email, "password": password}, follow_redirects=follow
        )

    return do


class _Inbox:
    """Collects what the SMTP server receives."""

    def __init__(self):
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        """Keep the message as a parsed email.message.EmailMessage."""
        from email import message_from_bytes
        from email.policy import default

        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 OK"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(app, monkeypatch):
    """A real SMTP server on 127.0.0.1; the app sends its email there.

    Yields the inbox: `smtp_server.messages` is a list of EmailMessage objects.
    """
    from aiosmtpd.controller import Controller

    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", controller.port)
    monkeypatch.setitem(app.config, "DEMO_OUTBOX", False)
    yield inbox
    controller.stop()


def pytest_collection_modifyitems(config, items):
    """Slow generated cases run in CI (CI=true) or with RUN_SLOW=1; locally they skip."""
    if os.environ.get("CI") or os.environ.get("RUN_SLOW"):
        return
    skip = pytest.mark.skip(reason="slow generated case: runs in CI, or set RUN_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def pytest_sessionfinish(session, exitstatus):
    """Close the pooled connections of every engine the tests created, then collect them."""
    import gc

    from sqlalchemy.engine import Engine

    for engine in [obj for obj in gc.get_objects() if isinstance(obj, Engine)]:
        engine.dispose()
    gc.collect()
