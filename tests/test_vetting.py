"""Pending users and the coordinator's queue: approve or reject with a reason, audited, emailed."""

import json

import pytest
from sqlalchemy import select

from portal import create_app
from portal.access import role_required
from portal.extensions import db
from portal.models import AuditEvent, Role, Status, User
from tests import conftest as base

QUEUE = "/koordinaattori/rekisteroitymiset"


def _events() -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def test_pending_user_signs_in_and_sees_their_own_page(client, make_user, login):
    user = make_user(status=Status.PENDING, first_name="Pekka")
    assert login(user).status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Hei, Pekka." in page
    assert "odottaa koordinaattorin hyväksyntää" in page
    assert client.get("/salasana").status_code == 200


@pytest.fixture
def approved_only_client(app, database_url):
    """An app with one route that needs an approved user, as posting and applying will."""
    other = create_app(base.test_config(database_url))

    @other.route("/vain-hyvaksytyille")
    @role_required(approved=True)
    def approved_only():
        return "ok"

    yield other.test_client()
    with other.app_context():
        db.engine.dispose()


def test_pending_user_gets_an_explained_403_on_approved_actions(approved_only_client, make_user):
    pending, approved = make_user(status=Status.PENDING), make_user()
    client = approved_only_client
    client.post("/kirjaudu", data={"email": pending.email, "password": base.PASSWORD})
    response = client.get("/vain-hyvaksytyille")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "<h1>Odottaa hyväksyntää</h1>" in page
    assert "HAVU-keskuksen koordinaattori ei ole vielä hyväksynyt" in page
    client.post("/kirjaudu-ulos")
    client.post("/kirjaudu", data={"email": approved.email, "password": base.PASSWORD})
    assert client.get("/vain-hyvaksytyille").get_data(as_text=True) == "ok"


def test_queue_lists_only_pending_users(client, make_user, login):
    make_user(status=Status.PENDING, first_name="Odottava")
    make_user(first_name="Hyväksytty")
    login(make_user(Role.COORDINATOR))
    page = client.get(QUEUE).get_data(as_text=True)
    assert "Odottava" in page
    assert "Hyväksytty" not in page


def test_approve_is_audited_and_emailed_in_the_users_language(
    client, make_user, login, smtp_server
):
    pending = make_user(status=Status.PENDING, locale="sv")
    coordinator = make_user(Role.COORDINATOR)
    login(coordinator)
    response = client.post(f"{QUEUE}/{pending.id}", data={"approve": "1", "reason": ""})
    assert response.status_code == 302
    assert "Päätös tallennettu" in client.get(QUEUE).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, pending.id).status == Status.APPROVED
    [event] = _events()
    assert (event.action, event.actor_id, event.subject_user_id) == (
        "user.approve",
        coordinator.id,
        pending.id,
    )
    [message] = smtp_server.messages
    assert message["To"] == pending.email
    assert message["Subject"] == "Ditt konto på Avustajatori har godkänts"


def test_reject_needs_a_reason(client, make_user, login, smtp_server):
    pending = make_user(status=Status.PENDING)
    login(make_user(Role.COORDINATOR))
    response = client.post(f"{QUEUE}/{pending.id}", data={"reject": "1", "reason": "  "})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Kerro hylkäämisen syy." in page
    assert f'aria-describedby="reason-{pending.id}-error"' in page
    db.session.expire_all()
    assert db.session.get(User, pending.id).status == Status.PENDING
    assert _events() == []
    assert smtp_server.messages == []


def test_reject_with_reason_is_audited_emailed_and_shown_to_the_user(
    app, client, make_user, login, smtp_server
):
    pending = make_user(status=Status.PENDING)
    login(make_user(Role.COORDINATOR))
    reason = "Henkilöllisyyttä ei voitu todentaa."
    response = client.post(f"{QUEUE}/{pending.id}", data={"reject": "1", "reason": reason})
    assert response.status_code == 302
    [event] = _events()
    assert event.action == "user.reject"
    assert json.loads(event.details)["reason"] == reason
    [message] = smtp_server.messages
    assert reason in message.get_body(preferencelist=("plain",)).get_content()

    user_client = app.test_client()
    user_client.post("/kirjaudu", data={"email": pending.email, "password": base.PASSWORD})
    assert reason in user_client.get("/").get_data(as_text=True)
    # A decided registration can no longer be decided again.
    again = client.post(f"{QUEUE}/{pending.id}", data={"approve": "1"})
    assert again.status_code == 404


def test_only_staff_may_decide(client, make_user, login):
    pending = make_user(status=Status.PENDING)
    login(make_user(Role.EMPLOYER))
    assert client.post(f"{QUEUE}/{pending.id}", data={"approve": "1"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(User, pending.id).status == Status.PENDING
