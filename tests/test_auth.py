"""Registration, sign-in, sessions that really end, and the checked next target."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import AssistantProfile, Status, User

REGISTRATION = {
    "role": "assistant",
    "first_name": "Liisa",
    "last_name": "Keskitalo",
    "email": "Liisa@Example.fi",
    "phone": "",
    "password": "pitkä salasana 1",
    "confirm": "pitkä salasana 1",
    "agree": "y",
}


def test_register_creates_pending_assistant_with_agreement_version(client, app):
    response = client.post("/rekisteroidy", data=REGISTRATION)
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "liisa@example.fi"))
    assert user.status == Status.PENDING
    assert user.agreement_version == app.config["AGREEMENT_VERSION"]
    assert user.password_hash.startswith("$argon2")
    assert db.session.get(AssistantProfile, user.id) is not None


def test_register_without_agreement_shows_the_form_again(client):
    response = client.post("/rekisteroidy", data={**REGISTRATION, "agree": ""})
    assert response.status_code == 400
    assert "Käyttäjäsopimus".encode() in response.data or b"user agreement" in response.data
    assert db.session.scalar(select(User)) is None


def test_duplicate_email_is_refused_with_a_message(client, make_user):
    make_user(email="liisa@example.fi")
    response = client.post("/rekisteroidy", data=REGISTRATION)
    assert response.status_code == 400
    assert db.session.scalars(select(User)).all().__len__() == 1


def test_wrong_password_is_400_and_right_one_signs_in(client, make_user, login):
    user = make_user()
    assert login(user, "wrong password!").status_code == 400
    assert login(user).status_code == 302


def test_next_target_must_be_local(client, make_user):
    user = make_user()
    for target, expected in [
        ("/tietoja", "/tietoja"),
        ("//evil.example/x", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
    ]:
        response = client.post(
            f"/kirjaudu?next={target}",
            data={"email": user.email, "password": "correct horse battery"},
        )
        assert response.headers["Location"] == expected, target
        client.post("/kirjaudu-ulos")


def test_copied_cookie_stops_working_after_logout(app, make_user, login, client):
    user = make_user()
    login(user)
    cookie = client.get_cookie("session").value
    assert client.get("/salasana").status_code == 200
    client.post("/kirjaudu-ulos")
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    assert thief.get("/salasana").status_code == 302  # back to sign-in
