"""Password reset through a real SMTP server, and sessions that end on a password change."""

import re
import time

import itsdangerous.timed

from portal.extensions import db
from portal.models import User
from tests.conftest import PASSWORD

NEW = "uusi pitkä salasana"


def _reset_path(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://[^/\s]+(/salasana/uusi/\S+)", body).group(1)


def _ask_link(client, smtp_server, email) -> str:
    response = client.post("/salasana/unohtui", data={"email": email})
    assert response.status_code == 302
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == email
    assert "salasana" in message["Subject"].lower()  # Finnish by default
    return _reset_path(message)


def test_reset_link_arrives_by_email_and_works_once(app, client, make_user, smtp_server):
    user = make_user()
    other = app.test_client()
    other.post("/kirjaudu", data={"email": user.email, "password": PASSWORD})
    assert other.get("/salasana").status_code == 200

    path = _ask_link(client, smtp_server, user.email)
    assert client.get(path).status_code == 200
    response = client.post(path, data={"password": NEW, "confirm": NEW}, follow_redirects=True)
    assert "Salasanasi on vaihdettu" in response.get_data(as_text=True)

    # The link is dead once used, the old session ended, the new password works.
    third = "kolmas salasana 3"
    again = client.post(path, data={"password": third, "confirm": third})
    assert again.status_code == 302
    assert again.headers["Location"] == "/salasana/unohtui"
    page = client.get("/salasana/unohtui").get_data(as_text=True)
    assert "virheellinen, jo käytetty tai vanhentunut" in page
    assert other.get("/salasana").status_code == 302
    assert client.post("/kirjaudu", data={"email": user.email, "password": NEW}).status_code == 302


def test_unknown_address_gets_the_same_answer_and_no_email(client, smtp_server):
    response = client.post("/salasana/unohtui", data={"email": "nobody@example.fi"})
    assert response.status_code == 302
    assert smtp_server.messages == []


def test_expired_reset_link_fails(app, client, make_user, smtp_server, monkeypatch):
    user = make_user()
    path = _ask_link(client, smtp_server, user.email)
    later = int(time.time()) + app.config["PASSWORD_RESET_MAX_AGE"] + 5
    monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp", lambda self: later)
    response = client.post(path, data={"password": NEW, "confirm": NEW}, follow_redirects=True)
    assert "vanhentunut" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash == user.password_hash


def test_tampered_reset_link_fails(client, make_user, smtp_server):
    user = make_user()
    path = _ask_link(client, smtp_server, user.email)
    response = client.post(path[:-3] + "xyz", data={"password": NEW, "confirm": NEW})
    assert response.headers["Location"] == "/salasana/unohtui"


def test_password_change_ends_other_sessions_and_the_copied_cookie(app, client, make_user):
    user = make_user()
    other = app.test_client()
    for c in (client, other):
        c.post("/kirjaudu", data={"email": user.email, "password": PASSWORD})
    copied = client.get_cookie("session").value

    response = client.post("/salasana", data={"current": PASSWORD, "password": NEW, "confirm": NEW})
    assert response.status_code == 302
    assert client.get("/salasana").status_code == 200  # this browser stays signed in
    assert other.get("/salasana").status_code == 302  # the other one is signed out
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/salasana").status_code == 302


def test_password_change_needs_the_current_password(client, make_user, login):
    user = make_user()
    login(user)
    response = client.post(
        "/salasana", data={"current": "väärä salasana", "password": NEW, "confirm": NEW}
    )
    assert response.status_code == 400
    assert "Nykyinen salasana on väärä" in response.get_data(as_text=True)
