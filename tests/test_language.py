"""Language: switchable on every page, remembered per browser and per user; Helsinki time."""

from datetime import UTC, datetime

from flask_babel import force_locale

from portal.extensions import db
from portal.i18n import local_datetime
from portal.models import User


def test_finnish_by_default_and_every_page_links_every_language(client):
    for path in ["/", "/tietoja", "/kirjaudu", "/rekisteroidy", "/salasana/unohtui", "/ei-ole"]:
        page = client.get(path).get_data(as_text=True)
        assert '<html lang="fi">' in page, path
        for code in ("fi", "sv", "en"):
            assert f'hreflang="{code}"' in page, path
            assert f"/kieli/{code}?next={path}" in page, path


def test_switch_is_remembered_in_the_session_and_returns_to_the_page(client):
    response = client.get("/kieli/sv?next=/tietoja")
    assert response.headers["Location"] == "/tietoja"
    assert '<html lang="sv">' in client.get("/").get_data(as_text=True)
    assert "Logga in" in client.get("/kirjaudu").get_data(as_text=True)
    client.get("/kieli/en?next=/")
    assert "Sign in" in client.get("/kirjaudu").get_data(as_text=True)


def test_unknown_language_is_404_and_next_must_be_local(client):
    assert client.get("/kieli/de").status_code == 404
    assert client.get("/kieli/sv?next=https://evil.example/").headers["Location"] == "/"


def test_choice_is_remembered_on_the_user_across_browsers(app, client, make_user, login):
    user = make_user(locale="fi")
    login(user)
    client.get("/kieli/sv?next=/")
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "sv"
    fresh = app.test_client()
    fresh.post("/kirjaudu", data={"email": user.email, "password": "correct horse battery"})
    assert '<html lang="sv">' in fresh.get("/").get_data(as_text=True)


def test_browser_language_is_used_before_a_choice(client):
    page = client.get("/", headers={"Accept-Language": "sv-FI,sv;q=0.9"}).get_data(as_text=True)
    assert '<html lang="sv">' in page


def test_dates_are_shown_in_helsinki_time_across_dst(app):
    with app.test_request_context("/"):
        with force_locale("fi"):
            # Summer time (UTC+3) ends on 26 Oct 2025 at 04:00 local time.
            assert local_datetime(datetime(2025, 10, 25, 21, 30, tzinfo=UTC), "fi") == (
                "26.10.2025 klo 00.30"
            )
            assert local_datetime(datetime(2025, 10, 26, 0, 30, tzinfo=UTC), "fi") == (
                "26.10.2025 klo 03.30"
            )
            assert local_datetime(datetime(2025, 10, 26, 1, 30, tzinfo=UTC), "fi") == (
                "26.10.2025 klo 03.30"
            )
            # Winter time (UTC+2) and the spring change on 29 Mar 2026.
            assert local_datetime(datetime(2026, 1, 15, 22, 0, tzinfo=UTC), "fi") == (
                "16.1.2026 klo 00.00"
            )
            assert local_datetime(datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "fi") == (
                "29.3.2026 klo 04.00"
            )
            assert local_datetime(None) == ""
        with force_locale("sv"):
            assert "26 okt. 2025" in local_datetime(datetime(2025, 10, 25, 21, 30, tzinfo=UTC))
