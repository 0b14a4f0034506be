"""Saved searches and alerts: only work the person could take, once, at the chosen pace."""

from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AlertFrequency,
    AlertItem,
    ExcludedAssistant,
    MessagePrefs,
    Notification,
    Role,
    SavedSearch,
    UserBlock,
    utcnow,
)
from portal.services.board import alerts
from portal.services.board.tasks import run


def _alerts_to(user):
    return list(
        db.session.scalars(
            select(Notification).where(
                Notification.user_id == user.id, Notification.kind == "board.alert"
            )
        )
    )


def _save_default(client, login, assistant):
    login(assistant)
    response = client.post("/haut", data={"name": "", "municipality": "", "kind": "", "text": ""})
    assert response.status_code == 302
    return db.session.scalar(select(SavedSearch))


def _later():
    return utcnow() + timedelta(minutes=1)


def test_default_search_alerts_new_shifts_that_fit_once(
    client, login, make_assistant, make_shift, make_user
):
    assistant = make_assistant(locale="en")
    saved = _save_default(client, login, assistant)
    assert saved.name == "What fits my announcement"
    near = make_shift(title="Lähellä")
    make_shift(title="Kaukana", postcode="99800")  # Ivalo: beyond the assistant's 60 km
    excluder = make_user(Role.EMPLOYER)
    make_shift(excluder, title="Poissuljettu")
    db.session.add(ExcludedAssistant(employer_id=excluder.id, assistant_id=assistant.id))
    blocker = make_user(Role.EMPLOYER)
    make_shift(blocker, title="Estetty")
    db.session.add(UserBlock(blocker_id=blocker.id, blocked_id=assistant.id))
    db.session.commit()

    assert run(AlertFrequency.INSTANT, _later()) == 0  # daily by default
    assert run(AlertFrequency.DAILY, _later()) == 1
    (note,) = _alerts_to(assistant)
    assert "Lähellä" in note.body
    assert f"/vuorot/{near.id}" in note.body
    for title in ("Kaukana", "Poissuljettu", "Estetty"):
        assert title not in note.body
    assert "/haut/lopeta/" in note.body
    assert run(AlertFrequency.DAILY, _later()) == 0  # never twice
    assert db.session.scalar(select(db.func.count(AlertItem.id))) == 1


def test_instant_alerts_follow_the_message_setting(client, login, make_assistant, make_shift):
    assistant = make_assistant(locale="en")
    _save_default(client, login, assistant)
    response = client.post(
        "/viestiasetukset",
        data={
            "inapp": "y",
            "email": "y",
            "quiet_start": 22,
            "quiet_end": 7,
            "alert_frequency": "instant",
        },
    )
    assert response.status_code == 302
    assert db.session.get(MessagePrefs, assistant.id).alert_frequency == AlertFrequency.INSTANT
    make_shift(title="Heti")
    assert run(AlertFrequency.DAILY, _later()) == 0
    assert run(AlertFrequency.INSTANT, _later()) == 1
    client.post(
        "/viestiasetukset",
        data={"inapp": "y", "quiet_start": 22, "quiet_end": 7, "alert_frequency": "off"},
    )
    make_shift(title="Ei enää")
    assert run(AlertFrequency.INSTANT, _later()) == 0
    assert run(AlertFrequency.DAILY, _later()) == 0


def test_narrowed_search_and_one_click_stop(client, login, make_assistant, make_shift):
    assistant = make_assistant(locale="en")
    login(assistant)
    client.post("/haut", data={"name": "Tornio", "municipality": "851", "kind": "", "text": ""})
    saved = db.session.scalar(select(SavedSearch))
    make_shift(title="Kemissä")
    make_shift(title="Torniossa", postcode="95400")
    assert run(AlertFrequency.DAILY, _later()) == 1
    assert "Torniossa" in _alerts_to(assistant)[0].body

    client.post("/kirjaudu-ulos")
    link = f"/haut/lopeta/{alerts.stop_token(saved.id)}"
    assert client.get(link).status_code == 200  # a mail scanner's GET changes nothing
    db.session.expire_all()
    assert db.session.get(SavedSearch, saved.id).active
    assert client.post(link).status_code == 200
    db.session.expire_all()
    assert not db.session.get(SavedSearch, saved.id).active
    make_shift(title="Torniossa taas", postcode="95400")
    assert run(AlertFrequency.DAILY, _later()) == 0
    assert client.get("/haut/lopeta/forged").status_code == 404


def test_employer_hears_about_new_matching_assistants(client, login, make_user, make_assistant):
    employer = make_user(Role.EMPLOYER, locale="en")
    login(employer)
    response = client.post("/haut", data={"name": "Kemi", "place": "94100", "road_km": "40"})
    assert response.status_code == 302
    saved = db.session.scalar(select(SavedSearch))
    assert alerts.criteria_of(saved)["place"] == "94100"
    newcomer = make_assistant(first_name="Uusi")
    make_assistant(first_name="Kaukainen", postcode="99800")
    assert run(AlertFrequency.DAILY, _later()) == 1
    (note,) = _alerts_to(employer)
    assert newcomer.display_name in note.body
    assert "Kaukainen" not in note.body


def test_bad_saved_search_is_a_clear_400(client, login, make_assistant):
    login(make_assistant(locale="en"))
    response = client.post("/haut", data={"name": "x" * 200, "kind": "nonsense"})
    assert response.status_code == 400
    assert db.session.scalar(select(SavedSearch)) is None
