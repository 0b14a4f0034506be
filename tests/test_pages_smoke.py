"""Every GET route without URL arguments answers without a server error, for every role."""

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.models import AuditEvent, Role, Status


def _simple_get_routes(app) -> list[str]:
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static"
    )


@pytest.mark.parametrize(
    "who",
    ["anonymous", "assistant", "employer", "coordinator", "admin", "pending-assistant"],
)
def test_no_page_is_a_server_error(app, client, make_user, login, who):
    if who != "anonymous":
        role, status = (
            (Role.ASSISTANT, Status.PENDING)
            if who.startswith("pending")
            else (
                Role(who),
                Status.APPROVED,
            )
        )
        assert login(make_user(role, status=status)).status_code == 302
    routes = _simple_get_routes(app)
    assert "/" in routes
    failures, writes = [], []
    current = {"path": ""}

    def no_writes_on_get(session, _context, _instances):
        # Opening a page never changes state; the audit trail of staff views is the one
        # thing a GET may add (it records who looked, not a change to the data).
        changed = [
            type(obj).__name__
            for obj in (*session.new, *session.dirty, *session.deleted)
            if not isinstance(obj, AuditEvent) and session.is_modified(obj)
        ]
        if changed:
            writes.append(f"{current['path']}: {sorted(set(changed))}")

    event.listen(Session, "before_flush", no_writes_on_get)
    try:
        for path in routes:
            current["path"] = path
            for method in (client.get, client.head):
                response = method(path)
                if response.status_code >= 500:
                    failures.append(f"{method.__name__} {path}: {response.status_code}")
                response.close()
    finally:
        event.remove(Session, "before_flush", no_writes_on_get)
    assert not failures, failures
    assert not writes, writes
