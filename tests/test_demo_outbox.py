"""The demo outbox: off unless enabled, never in production, each person sees only their mail."""

import pytest

from portal import create_app
from portal.config import load_config
from portal.extensions import db
from portal.models import DeliveryLog, Role
from tests import conftest as base

STRONG_KEY = "k3Y-" + "abcdefghijklmnopqrstuvwxyz0123456789"


def _mail(address: str, subject: str) -> None:
    db.session.add(
        DeliveryLog(channel="email", address=address, subject=subject, body="x", state="sent")
    )


@pytest.fixture
def mails(app, make_user):
    """An assistant, an employer, and one reset mail for each of them and for the admin."""
    assistant = make_user(Role.ASSISTANT)
    employer = make_user(Role.EMPLOYER)
    admin = make_user(Role.ADMIN)
    for user in (assistant, employer, admin):
        _mail(user.email, f"Salasanan vaihto {user.email}")
    db.session.commit()
    return assistant, employer, admin


def test_outbox_is_off_by_default_in_development(monkeypatch, tmp_path):
    monkeypatch.delenv("DEMO_OUTBOX", raising=False)
    monkeypatch.setenv("PORTAL_ENV", "development")
    assert load_config(str(tmp_path))["DEMO_OUTBOX"] is False
    monkeypatch.setenv("DEMO_OUTBOX", "1")
    assert load_config(str(tmp_path))["DEMO_OUTBOX"] is True


def test_make_run_enables_the_outbox():
    from pathlib import Path

    source = Path(__file__).resolve().parent.parent
    makefile = (source / "Makefile").read_text()
    recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "DEMO_OUTBOX=1" in recipe  # the server and its task consumer both see it


def test_production_refuses_to_start_with_the_outbox_on(monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("DEMO_OUTBOX", "1")
    with pytest.raises(RuntimeError, match="DEMO_OUTBOX"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_anonymous_visitor_sees_no_mail(client, mails):
    response = client.get("/demo/lahtevat")
    assert response.status_code == 302
    assert "/kirjaudu" in response.headers["Location"]
    assert "Salasanan vaihto" not in client.get("/demo/lahtevat", follow_redirects=True).text


def test_signed_in_user_sees_only_their_own_mail(client, login, mails):
    assistant, employer, admin = mails
    login(assistant)
    page = client.get("/demo/lahtevat").text
    assert f"Salasanan vaihto {assistant.email}" in page
    assert employer.email not in page
    assert admin.email not in page


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_staff_see_all_mail(client, login, make_user, mails, role):
    login(make_user(role))
    page = client.get("/demo/lahtevat").text
    for user in mails:
        assert f"Salasanan vaihto {user.email}" in page


def test_outbox_off_is_a_404_even_for_staff(app, client, login, make_user, mails, monkeypatch):
    monkeypatch.setitem(app.config, "DEMO_OUTBOX", False)
    login(make_user(Role.ADMIN))
    assert client.get("/demo/lahtevat").status_code == 404


def test_test_config_keeps_the_outbox_on():
    assert base.test_config("sqlite://")["DEMO_OUTBOX"] is True
