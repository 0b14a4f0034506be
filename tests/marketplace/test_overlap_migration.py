"""The overlap rule is the same whether the schema came from create_all or Alembic."""

import importlib.util
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from portal import create_app
from portal.models import constraints
from tests.conftest import test_config as config_for

MIGRATION = next(Path("migrations/versions").glob("*_booking_overlap_rule.py"))


def _triggers(url: str) -> dict[str, str]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        ).all()
    engine.dispose()
    return dict(rows)


def test_migration_holds_the_same_statements_as_the_models():
    spec = importlib.util.spec_from_file_location("overlap_migration", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for dialect in ("postgresql", "sqlite"):
        for drop in (False, True):
            assert module.statements(dialect, drop) == constraints.statements(dialect, drop=drop)


# migrations/env.py (Flask-Migrate's template) calls the deprecated get_engine first.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_sqlite_triggers_from_migrations_equal_those_from_create_all(tmp_path):
    migrated = f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
    created = f"sqlite:///{tmp_path / 'created.sqlite3'}"
    app = create_app(config_for(migrated))
    with app.app_context():
        upgrade()
        from portal.extensions import db

        db.engine.dispose()
    other = create_app(config_for(created))
    with other.app_context():
        from portal.extensions import db

        db.create_all()
        db.engine.dispose()
    assert _triggers(migrated) == _triggers(created)
    assert set(_triggers(created)) == {"trg_bookings_overlap_insert", "trg_bookings_overlap_update"}
