"""Security headers, CSRF, cookie flags, the production secret check and the 503 page."""

import pytest

from portal import create_app
from portal.extensions import db
from tests import conftest as base

STRONG_KEY = "k3Y-9fQ2xVb7LmN0pRsT4uWz8AcEgIoK1hJd5"


def _assert_security_headers(response):
    headers = response.headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_security_headers_on_every_kind_of_response(client, make_user, login):
    responses = [
        client.get("/"),
        client.get("/kirjaudu"),
        client.get("/static/style.css"),
        client.get("/ei-tallaista-sivua"),  # 404
        client.post("/tietoja"),  # 405
        client.get("/koordinaattori/rekisteroitymiset"),  # redirect to sign-in
        client.post("/kirjaudu", data={"email": "x"}),  # 400 form
    ]
    login(make_user())
    responses.append(client.get("/koordinaattori/rekisteroitymiset"))  # 403
    assert [r.status_code for r in responses] == [200, 200, 200, 404, 405, 302, 400, 403]
    for response in responses:
        _assert_security_headers(response)
        response.close()


@pytest.fixture
def csrf_client(app, database_url):
    """A client of an app with CSRF protection on, as in production."""
    protected = create_app({**base.test_config(database_url), "WTF_CSRF_ENABLED": True})
    yield protected.test_client()
    with protected.app_context():
        db.engine.dispose()


def test_form_post_without_csrf_token_is_400_with_a_message(csrf_client, make_user):
    user = make_user()
    response = csrf_client.post("/kirjaudu", data={"email": user.email, "password": base.PASSWORD})
    assert response.status_code == 400
    assert "Lomake oli vanhentunut" in response.get_data(as_text=True)
    _assert_security_headers(response)
    # With the token from the page the same post signs in.
    page = csrf_client.get("/kirjaudu").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = csrf_client.post(
        "/kirjaudu", data={"email": user.email, "password": base.PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_session_cookie_is_httponly_and_samesite_lax(client, make_user, login):
    response = login(make_user())
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http in development and tests


def test_production_cookie_is_secure(monkeypatch, database_url, make_user):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    production = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "WTF_CSRF_ENABLED": False}
    )
    assert production.config["DEMO_OUTBOX"] is False
    user = make_user()
    response = production.test_client().post(
        "/kirjaudu", data={"email": user.email, "password": base.PASSWORD}
    )
    cookie = response.headers["Set-Cookie"]
    for flag in ("Secure", "HttpOnly", "SameSite=Lax"):
        assert flag in cookie
    with production.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    "secret", [None, "", "dev", "development-only-not-secret", "short-key", "a" * 40]
)
def test_production_refuses_a_missing_or_weak_secret_key(monkeypatch, secret):
    monkeypatch.setenv("PORTAL_ENV", "production")
    if secret is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_starts_with_a_strong_secret_key(monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    assert create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["SESSION_COOKIE_SECURE"]


@pytest.fixture
def database_down():
    """An app whose PostgreSQL server does not answer (nothing listens on port 1)."""
    broken = create_app(
        base.test_config("postgresql+psycopg://postgres@127.0.0.1:1/x")
        | {"SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}}}
    )
    yield broken
    with broken.app_context():
        db.engine.dispose()


def test_database_outage_shows_an_accessible_503_page(database_down):
    client = database_down.test_client()
    for response in (
        client.post("/salasana/unohtui", data={"email": "a@example.fi"}),
        client.post("/kirjaudu", data={"email": "a@example.fi", "password": "x" * 12}),
    ):
        assert response.status_code == 503
        page = response.get_data(as_text=True)
        assert '<html lang="fi">' in page
        assert "<h1>Tilapäisesti poissa käytöstä</h1>" in page
        assert "HAVU-keskukseen" in page
        assert 'hreflang="sv"' in page  # the language can be switched here too
        assert "Traceback" not in page
        _assert_security_headers(response)


def test_503_page_renders_for_a_signed_in_browser_too(database_down):
    client = database_down.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "some-session-token"
        session["lang"] = "sv"
    response = client.get("/salasana")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert '<html lang="sv">' in page
    assert "Tillfälligt otillgänglig" in page
