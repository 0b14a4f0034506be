"""Migrations: one head, up and down and up again, and the models agree with them.

Runs on a temp SQLite file, and on PostgreSQL when TEST_DATABASE_URL is set (in a separate
database `<name>_migrations`, so the suite's own tables stay untouched).
"""

import logging.config
import os

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from portal import create_app
from portal.extensions import db
from tests import conftest as base

MIGRATIONS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations")


def _postgres_scratch_url() -> str | None:
    """A fresh database next to TEST_DATABASE_URL, or None without PostgreSQL."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base or not base.startswith("postgresql"):
        return None
    url = make_url(base)
    name = f"{url.database}_migrations"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _drop_postgres(url: str) -> None:
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def scratch_app(request, tmp_path, monkeypatch):
    """An app on an empty scratch database of each kind."""
    if request.param == "sqlite":
        url = "sqlite:///" + str(tmp_path / "migrations.sqlite3")
    else:
        url = _postgres_scratch_url()
        if url is None:
            pytest.skip("TEST_DATABASE_URL is not a PostgreSQL URL")
    # migrations/env.py calls logging.config.fileConfig, which would disable the app's loggers
    # for the rest of the test session.
    monkeypatch.setattr(logging.config, "fileConfig", lambda *args, **kwargs: None)
    app = create_app(base.test_config(url))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    if request.param == "postgresql":
        _drop_postgres(url)


def _tables() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_there_is_exactly_one_head():
    config = Config(os.path.join(MIGRATIONS, "alembic.ini"))
    config.set_main_option("script_location", MIGRATIONS)
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrade_downgrade_upgrade_and_models_match(scratch_app):
    flask_migrate.upgrade(revision="head")
    model_tables = set(db.metadata.tables)
    assert model_tables <= _tables()

    flask_migrate.downgrade(revision="base")
    assert _tables() == set()

    flask_migrate.upgrade(revision="head")
    assert model_tables <= _tables()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": False}
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations differ: {diff}"
