"""Sign-in throttling: per account and per address, counted in the shared database."""

from datetime import timedelta

import pytest

from portal import create_app
from portal.extensions import db
from portal.models import LoginAttempt, utcnow
from tests import conftest as base


@pytest.fixture
def second_worker(app, database_url):
    """Another app instance on the same database, like a second gunicorn worker."""
    other = create_app(base.test_config(database_url))
    yield other.test_client()
    with other.app_context():
        db.engine.dispose()


def _try(client, email, password, address="10.0.0.1"):
    return client.post(
        "/kirjaudu",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_sixth_try_on_an_account_is_429_even_with_the_right_password(
    client, second_worker, make_user
):
    user = make_user()
    for attempt in range(5):
        worker = client if attempt % 2 else second_worker
        assert _try(worker, user.email, "väärä salasana").status_code == 400
    response = _try(second_worker, user.email, base.PASSWORD)
    assert response.status_code == 429
    text = response.get_data(as_text=True)
    assert "Liian monta epäonnistunutta kirjautumista" in text
    assert "15 minuuttia" in text
    assert 'id="email"' in text  # the form is back
    assert _try(client, user.email, base.PASSWORD).status_code == 429
    # Other accounts from other addresses are not affected.
    other = make_user()
    assert _try(client, other.email, base.PASSWORD, "10.0.0.2").status_code == 302


def test_a_guesser_elsewhere_cannot_lock_the_owner_out(client, second_worker, make_user):
    """Failures from the attacker's address slow that address; the owner still signs in."""
    user = make_user()
    for _attempt in range(8):
        assert _try(second_worker, user.email, "väärä", "10.6.6.6").status_code in (400, 429)
    assert _try(second_worker, user.email, base.PASSWORD, "10.6.6.6").status_code == 429
    assert _try(client, user.email, base.PASSWORD, "10.1.2.3").status_code == 302


def test_an_address_that_guesses_all_day_is_slowed_for_a_day(client, make_user):
    user = make_user()
    earlier = utcnow() - timedelta(hours=3)
    for n in range(100):
        db.session.add(LoginAttempt(email=f"x{n}@example.fi", address="10.7.7.7", at=earlier))
    db.session.commit()
    assert _try(client, user.email, base.PASSWORD, "10.7.7.7").status_code == 429
    assert _try(client, user.email, base.PASSWORD, "10.7.7.8").status_code == 302


def test_reset_mails_are_limited_per_account_and_per_address(client, make_user, smtp_server):
    """30 requests send 3 mails; the page answers the same every time."""
    user = make_user()
    for n in range(30):
        response = client.post(
            "/salasana/unohtui",
            data={"email": user.email},
            environ_base={"REMOTE_ADDR": f"10.3.{n}.1"},
        )
        assert response.status_code == 302
    assert len(smtp_server.messages) == 3
    others = [make_user() for _ in range(12)]
    for other in others:
        client.post(
            "/salasana/unohtui",
            data={"email": other.email},
            environ_base={"REMOTE_ADDR": "10.4.4.4"},
        )
    assert len(smtp_server.messages) == 3 + 10


def test_twenty_failures_from_one_address_block_that_address(client, second_worker, make_user):
    user = make_user()
    for n in range(20):
        worker = client if n % 2 else second_worker
        response = _try(worker, f"arvaus{n}@example.fi", "väärä salasana", "10.9.9.9")
        assert response.status_code == 400
    assert _try(client, user.email, base.PASSWORD, "10.9.9.9").status_code == 429
    assert _try(client, user.email, base.PASSWORD, "10.9.9.8").status_code == 302


def test_old_failures_no_longer_count(client, make_user):
    user = make_user()
    long_ago = utcnow() - timedelta(minutes=16)
    for _ in range(5):
        db.session.add(LoginAttempt(email=user.email, address="10.0.0.1", at=long_ago))
    db.session.commit()
    assert _try(client, user.email, base.PASSWORD).status_code == 302


def test_success_clears_the_account_count(client, make_user):
    user = make_user()
    for _ in range(4):
        _try(client, user.email, "väärä salasana")
    assert _try(client, user.email, base.PASSWORD).status_code == 302
    client.post("/kirjaudu-ulos")
    for _ in range(4):
        assert _try(client, user.email, "väärä salasana").status_code == 400


@pytest.fixture
def behind_proxy(app, database_url):
    """An app that trusts one reverse proxy's X-Forwarded-For."""
    other = create_app({**base.test_config(database_url), "TRUSTED_PROXIES": 1})
    yield other.test_client()
    with other.app_context():
        db.engine.dispose()


def _via_proxy(client, email, password, forwarded_for):
    return client.post(
        "/kirjaudu",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": "10.0.0.254"},
        headers={"X-Forwarded-For": forwarded_for},
    )


def test_behind_a_trusted_proxy_the_client_address_is_counted(behind_proxy, client, make_user):
    user = make_user()
    for n in range(20):
        _via_proxy(behind_proxy, f"arvaus{n}@example.fi", "väärä salasana", "192.0.2.7")
    assert _via_proxy(behind_proxy, user.email, base.PASSWORD, "192.0.2.7").status_code == 429
    assert _via_proxy(behind_proxy, user.email, base.PASSWORD, "192.0.2.8").status_code == 302
    # Without a trusted proxy the header is ignored: it cannot be used to dodge the limit.
    for n in range(20):
        _via_proxy(client, f"toinen{n}@example.fi", "väärä salasana", f"198.51.100.{n}")
    assert _via_proxy(client, user.email, base.PASSWORD, "198.51.100.99").status_code == 429
