"""Positions (issue 11) plug into the board: contact requests about them, alerts of them."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AlertFrequency, ContactRequest, Notification, Role, utcnow
from portal.services.board.tasks import run
from portal.services.positions import positions
from portal.timeutil import today_local
from tests.board.test_alerts import _save_default


@pytest.fixture
def make_position(make_user):
    """Factory: an open Mon–Fri 8–14 position in Kemi from next Monday."""

    def make(employer=None, title="Avustaja arkiaamuihin"):
        today = today_local()
        draft = positions.PositionDraft(
            title=title,
            tasks="Aamutoimet",
            windows=[(d, 480, 840) for d in range(5)],
            starts_on=today + timedelta(days=7 - today.weekday()),
            ends_on=None,
            place="94100",
            languages=["fi"],
            required=[],
            preferred=[],
            pay_basis="",
            urgent_round_on_absence=True,
        )
        position = positions.post_position(
            employer or make_user(Role.EMPLOYER), draft, acknowledged=True
        )
        db.session.commit()
        return position

    return make


def test_an_employer_asks_about_a_position(client, login, make_user, make_assistant, make_position):
    employer = make_user(Role.EMPLOYER)
    assistant = make_assistant()
    position = make_position(employer)
    login(employer)
    response = client.post(
        f"/ilmoitukset/{assistant.id}/yhteydenotto",
        data={"about": f"position:{position.id}", "note": "Vakituinen työ?"},
    )
    assert response.status_code == 302
    item = db.session.scalar(select(ContactRequest))
    assert item.position_id == position.id


def test_a_new_position_that_fits_is_alerted_once(client, login, make_assistant, make_position):
    assistant = make_assistant()
    _save_default(client, login, assistant)
    position = make_position(title="Arkiaamujen avustaja")
    assert run(AlertFrequency.DAILY, utcnow() + timedelta(minutes=1)) == 1
    notes = db.session.scalars(
        select(Notification).where(Notification.user_id == assistant.id)
    ).all()
    assert any(f"/tehtavat/{position.id}" in n.body for n in notes)
    assert run(AlertFrequency.DAILY, utcnow() + timedelta(minutes=2)) == 0
