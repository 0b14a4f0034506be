"""Admin-only pages: coordinator accounts and the skill vocabulary."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import Role, Skill, Status, User


def test_coordinator_cannot_open_admin_pages(staff_client):
    assert staff_client.get("/yllapito/").status_code == 403
    assert staff_client.post("/yllapito/taidot", data={"code": "x"}).status_code == 403


def test_admin_adds_a_coordinator_and_a_skill(client, make_user, login):
    admin = make_user(Role.ADMIN)
    login(admin)
    assert client.get("/yllapito/").status_code == 200
    created = client.post(
        "/yllapito/koordinaattorit",
        data={
            "email": "Uusi@Havu.example",
            "first_name": "Uusi",
            "last_name": "Koordinaattori",
            "locale": "sv",
            "password": "pitka-salasana-123",
        },
    )
    assert created.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "uusi@havu.example"))
    assert (user.role, user.status) == (Role.COORDINATOR, Status.APPROVED)
    duplicate = client.post(
        "/yllapito/koordinaattorit",
        data={
            "email": "uusi@havu.example",
            "first_name": "A",
            "last_name": "B",
            "locale": "fi",
            "password": "pitka-salasana-123",
        },
    )
    assert duplicate.status_code == 400
    assert client.post("/yllapito/taidot", data={"code": "Huono koodi"}).status_code == 400
    added = client.post(
        "/yllapito/taidot",
        data={
            "code": "sauna",
            "name_fi": "Saunassa avustaminen",
            "name_sv": "Bastu",
            "name_en": "Sauna",
        },
    )
    assert added.status_code == 302
    skill = db.session.scalar(select(Skill).where(Skill.code == "sauna"))
    assert skill.active
    client.post(f"/yllapito/taidot/{skill.id}")
    db.session.expire_all()
    assert not db.session.get(Skill, skill.id).active
    db.session.delete(db.session.get(Skill, skill.id))  # the vocabulary survives between tests
    db.session.commit()
