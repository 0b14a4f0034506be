"""Registration, sign-in, sessions that really end, and the checked next target."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import AssistantProfile, Role, Status, User

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


def test_a_stated_purpose_does_not_carry_over_to_the_next_person(client, make_user, login):
    """Issue 10 item 11: the session is cleared at sign-in and sign-out (the audit must not lie)."""
    first, second = make_user(Role.COORDINATOR), make_user(Role.COORDINATOR)
    subject = make_user(Role.ASSISTANT)
    page = f"/koordinaattori/kayttajat/{subject.id}"
    login(first)
    client.post(f"{page}/tarkoitus", data={"purpose": "vetting", "explanation": ""})
    assert client.get(page).status_code == 200
    with client.session_transaction() as session:
        session["lang"] = "sv"
    client.post("/kirjaudu-ulos")
    with client.session_transaction() as session:
        assert "data_access" not in session
        assert session["lang"] == "sv"  # the browser's language choice stays
    login(second)
    response = client.get(page)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{page}/tarkoitus")


def test_signing_in_over_another_session_starts_a_fresh_one(client, make_user, login):
    first, second = make_user(Role.COORDINATOR), make_user(Role.COORDINATOR)
    subject = make_user(Role.ASSISTANT)
    page = f"/koordinaattori/kayttajat/{subject.id}"
    login(first)
    client.post(f"{page}/tarkoitus", data={"purpose": "vetting", "explanation": ""})
    login(second)  # without signing out first
    assert client.get(page).status_code == 302
