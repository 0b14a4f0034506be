"""Pending users and the coordinator's queue: approve or reject with a reason, audited, emailed."""

import pytest
from sqlalchemy import select

from portal import create_app
from portal.access import role_required
from portal.extensions import db
from portal.models import AuditEvent, Role, Status
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


# The minimal approve/reject queue these tests once drove was replaced by the full vetting
# checklist (issue 6): approval, rejection with a reason, emails in the user's language and
# the staff-only rule are tested in tests/staff/test_vetting.py and
# tests/staff/test_staff_access.py.
