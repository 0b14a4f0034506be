"""Bad input gets the form back with a message and a 4xx, never a 500, and loses nothing."""

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Role, Status, User
from tests.conftest import PASSWORD
from tests.test_auth import REGISTRATION

HUGE = "x" * 20_000
ODD = [
    "\u202eevil\u202c",  # right-to-left override
    "Liisa 👩‍🦽🏔️",  # emoji with joiners
    "Lii\u0301sa",  # combining accent
    "Lii\x00sa",  # NUL (PostgreSQL refuses it in text)
    "\ufeff\u200b",  # only invisible characters
]


def _users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


@pytest.mark.parametrize("name", ["first_name", "last_name", "email", "phone", "password"])
def test_20000_characters_in_a_registration_field(client, name):
    data = {**REGISTRATION, name: HUGE}
    if name == "password":
        data["confirm"] = HUGE
    response = client.post("/rekisteroidy", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'class="error-summary"' in page
    assert f'id="{name}-error"' in page
    assert _users() == 0


@pytest.mark.parametrize("value", ODD)
def test_odd_unicode_in_names_never_breaks_registration(client, value):
    response = client.post("/rekisteroidy", data={**REGISTRATION, "first_name": value})
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        user = db.session.scalar(select(User))
        assert "\x00" not in user.first_name
        assert user.first_name.strip()


def test_nul_and_controls_are_dropped_but_the_rest_is_kept(client):
    client.post("/rekisteroidy", data={**REGISTRATION, "first_name": "Lii\x00sa\x07 😀"})
    assert db.session.scalar(select(User.first_name)) == "Liisa 😀"


def test_invalid_utf8_and_lone_surrogates_in_the_body(client):
    # A browser cannot send a lone surrogate; raw bytes are what an attacker can send.
    body = b"email=%ED%A0%80%FF%FE@example.fi&password=%ED%A0%80&role=assistant"
    response = client.post("/kirjaudu", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert 'id="email"' in response.get_data(as_text=True)


def test_huge_fields_elsewhere(client, make_user, login):
    user = make_user(email="liisa@example.fi")
    before = (user.first_name, user.password_hash)
    assert client.post("/kirjaudu", data={"email": HUGE, "password": HUGE}).status_code == 400
    assert client.post("/salasana/unohtui", data={"email": HUGE}).status_code == 400
    # Registering over an existing account with a huge name changes nothing.
    response = client.post(
        "/rekisteroidy", data={**REGISTRATION, "email": user.email, "first_name": HUGE}
    )
    assert response.status_code == 400
    login(user)
    response = client.post(
        "/salasana", data={"current": PASSWORD, "password": HUGE, "confirm": HUGE}
    )
    assert response.status_code == 400
    assert "10–200" in response.get_data(as_text=True)
    db.session.expire_all()
    again = db.session.get(User, user.id)
    assert (again.first_name, again.password_hash) == before


def test_huge_ids_and_odd_urls_are_404(client, make_user, login):
    login(make_user(Role.COORDINATOR))
    for url in [
        "/koordinaattori/rekisteroitymiset/99999999999999999999999",
        "/koordinaattori/rekisteroitymiset/2147483648",
        "/koordinaattori/rekisteroitymiset/-1",
        "/kieli/" + "x" * 5000,
        "/" + HUGE,
    ]:
        response = client.post(url, data={"approve": "1"})
        assert response.status_code in (404, 405), url


def test_huge_reset_token_is_refused_politely(client):
    response = client.post(
        "/salasana/uusi/" + HUGE, data={"password": "uusi salasana 1", "confirm": "uusi salasana 1"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/salasana/unohtui"


def test_huge_rejection_reason_keeps_the_user_pending(client, make_user, login):
    pending = make_user(status=Status.PENDING)
    login(make_user(Role.COORDINATOR))
    client.post(f"/koordinaattori/kayttajat/{pending.id}/tarkoitus", data={"purpose": "vetting"})
    response = client.post(
        f"/koordinaattori/kayttajat/{pending.id}/hylkaa", data={"hylkaa-reason": HUGE}
    )
    assert response.status_code == 400
    assert "Enintään 2000 merkkiä" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, pending.id).status == Status.PENDING


def test_too_large_request_body_is_413_with_a_page(client):
    response = client.post("/kirjaudu", data={"email": "a" * 300_000, "password": "x"})
    assert response.status_code == 413
    assert "liian suuri" in response.get_data(as_text=True)
