"""Times without seconds and decimals with the page language's sign (issue 16 item 15)."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from portal.i18n import local_datetime
from portal.main.helpers import decimal

MOMENT = datetime(2026, 12, 2, 2, 40, 7, tzinfo=UTC)  # 4.40.07 in Helsinki


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "2.12.2026 4.40"), ("sv", "2 dec. 2026 4.40"), ("en", "Dec 2, 2026, 4:40")],
)
def test_times_are_shown_without_seconds(app, language, expected):
    with app.test_request_context(headers={"Accept-Language": language}):
        shown = local_datetime(MOMENT)
    assert shown.startswith(expected)
    assert ":07" not in shown
    assert ".07" not in shown


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "2.12.2026 4.40"), ("sv", "2.12.2026 4.40"), ("en", "12/2/26, 4:40")],
)
def test_short_dates_are_not_iso_on_swedish_pages(app, language, expected):
    with app.test_request_context(headers={"Accept-Language": language}):
        assert local_datetime(MOMENT, "short").startswith(expected)


@pytest.mark.parametrize(("language", "expected"), [("fi", "1,5"), ("sv", "1,5"), ("en", "1.5")])
def test_decimals_use_the_language_sign(app, language, expected):
    with app.test_request_context(headers={"Accept-Language": language}):
        assert decimal(Decimal("1.46")) == expected
        assert decimal(None) == "–"


def test_outbox_states_are_in_words_of_the_page_language(
    app, client, monkeypatch, make_user, login
):
    from portal.extensions import db
    from portal.models import DeliveryLog, Role

    monkeypatch.setitem(app.config, "DEMO_OUTBOX", True)
    db.session.add(
        DeliveryLog(channel="email", address="a@example.fi", subject="Hei", body="x", state="sent")
    )
    db.session.commit()
    login(make_user(Role.COORDINATOR))  # the outbox needs sign-in; staff see all mail
    page = client.get("/demo/lahtevat", headers={"Accept-Language": "fi"}).get_data(as_text=True)
    assert "· lähetetty" in page
    assert "· sent" not in page
