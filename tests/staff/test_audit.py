"""The audit trail: filters, CSV, append-only in the ORM and in the migrated database."""

import importlib.util
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Role
from portal.services import audit
from tests.excel_reading import excel_dicts


def test_audit_page_filters_and_csv(staff_client, make_user, coordinator, open_data):
    other_staff = make_user(Role.ADMIN)
    subject = make_user()
    audit.record(other_staff, "user.suspend", subject=subject, purpose="safety")
    db.session.commit()
    open_data(subject, purpose="moderation")
    staff_client.get(f"/koordinaattori/kayttajat/{subject.id}")

    page = staff_client.get(f"/koordinaattori/loki?actor={coordinator.id}").get_data(as_text=True)
    assert "personal_data.view" in page
    assert "<td>user.suspend</td>" not in page
    by_action = staff_client.get("/koordinaattori/loki?action=user.suspend").get_data(as_text=True)
    assert "<td>user.suspend</td>" in by_action
    assert "<td>personal_data.view</td>" not in by_action
    dated = staff_client.get("/koordinaattori/loki?since=2020-01-01&until=2020-01-31")
    assert "<td>user.suspend</td>" not in dated.get_data(as_text=True)
    bad = staff_client.get("/koordinaattori/loki?since=eilen")
    assert bad.status_code == 400

    csv_response = staff_client.get(f"/koordinaattori/loki.csv?subject={subject.id}")
    assert csv_response.mimetype == "text/csv"
    rows = excel_dicts(csv_response.get_data())
    assert list(rows[0])[:4] == ["id", "at", "actor_id", "action"]
    viewed = [r for r in rows if r["action"] == "personal_data.view"]
    assert viewed
    assert viewed[0]["purpose"] == "moderation"
    # Helsinki local time to the second, no zone and no microseconds: Excel reads it as a time.
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", viewed[0]["at"])
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "audit.export"))


def test_audit_events_cannot_be_changed_or_deleted_through_the_orm(app, coordinator):
    event = audit.record(coordinator, "test.action", purpose="x")
    db.session.commit()
    event.purpose = "rewritten"
    with pytest.raises(audit.AuditImmutableError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(audit.AuditImmutableError):
        db.session.flush()
    db.session.rollback()


def _migration():
    path = next(Path("migrations/versions").glob("*_moderation_settings_erasure_requests_.py"))
    spec = importlib.util.spec_from_file_location("audit_migration", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_postgresql_trigger_refuses_update_and_delete(app):
    """The migration's trigger, tried inside a transaction that is rolled back afterwards."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the database trigger exists on PostgreSQL; SQLite has the ORM guard")
    with db.engine.connect() as connection:
        transaction = connection.begin()
        for statement in _migration().statements("postgresql"):
            connection.execute(sa.text(statement))
        connection.execute(
            sa.text(
                "INSERT INTO audit_events (at, action, object_type, purpose, details) "
                "VALUES (now(), 'x', '', '', '')"
            )
        )
        for statement in ("UPDATE audit_events SET action = 'y'", "DELETE FROM audit_events"):
            savepoint = connection.begin_nested()
            with pytest.raises(sa.exc.DatabaseError, match="append-only"):
                connection.execute(sa.text(statement))
            savepoint.rollback()
        assert connection.execute(sa.text("SELECT action FROM audit_events")).scalar() == "x"
        transaction.rollback()


def test_migration_statements_drop_what_they_create():
    module = _migration()
    assert module.statements("sqlite") == []
    created = " ".join(module.statements("postgresql"))
    dropped = " ".join(module.statements("postgresql", drop=True))
    assert "TRIGGER audit_events_append_only" in created
    assert "TRIGGER IF EXISTS audit_events_append_only" in dropped


def test_user_sees_when_and_why_but_not_who(client, make_user, login, coordinator):
    user = make_user()
    audit.record(coordinator, "personal_data.view", subject=user, purpose="other: Puhelu")
    db.session.commit()
    login(user)
    page = client.get("/omat-tiedot/katselut").get_data(as_text=True)
    assert "Puhelu" in page
    assert coordinator.first_name not in page
    assert coordinator.email not in page
