"""Issue 16 item 17: "my data" in words in the user's language, no database names."""

import json

from portal.extensions import db
from portal.models import AssistantProfile, AvailabilityWindow, Role, Skill

RAW = ("weekday", "start_min", "auth_sessions", "assistant_skills", "ring_members", "user_id")


def test_my_data_page_is_in_words(client, login, make_user):
    user = make_user(Role.ASSISTANT)
    db.session.add(AvailabilityWindow(assistant_id=user.id, weekday=0, start_min=420, end_min=900))
    skill = db.session.scalar(db.select(Skill).limit(1))
    if skill is None:
        skill = Skill(code="nosto", name_fi="Nostot", name_sv="Lyft", name_en="Lifting")
        db.session.add(skill)
        db.session.flush()
    profile = db.session.get(AssistantProfile, user.id)
    profile.skills.append(skill)
    db.session.commit()
    login(user)
    page = client.get("/omat-tiedot").get_data(as_text=True)
    for raw in RAW:
        assert raw not in page, raw
    assert "maanantai" in page
    assert "07.00" in page
    assert "15.00" in page
    assert skill.name_fi in page
    assert "Kirjautumiset" in page  # the sign-in sessions in words
    data = json.loads(client.get("/omat-tiedot.json").data)
    assert data["availability_windows"][0]["start_min"] == 420  # the download keeps names


def test_my_data_page_in_swedish(client, login, make_user):
    user = make_user(Role.ASSISTANT, locale="sv")
    db.session.add(AvailabilityWindow(assistant_id=user.id, weekday=2, start_min=480, end_min=960))
    db.session.commit()
    login(user)
    page = client.get("/omat-tiedot", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert "onsdag" in page
    assert "Veckotillgänglighet" in page or "tillgänglighet" in page.lower()
    assert "start_min" not in page
