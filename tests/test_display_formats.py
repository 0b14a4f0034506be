"""Times without seconds and decimals with the page language's sign (issue 16 item 15)."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from portal.i18n import local_datetime
from portal.main.helpers import decimal, number

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
        assert number(7.5) == "7" + expected[1] + "5"  # hours a week: 7,5 in Finnish
        assert number(120.0) == "120"  # a whole number has no decimals


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


@pytest.mark.parametrize(
    ("language", "label", "sign"),
    [
        ("fi", "4,5 / 5 (2 arviota)", ","),
        ("sv", "4,5 / 5 (2 bedömningar)", ","),
        ("en", "4.5 / 5 (2 ratings)", "."),
    ],
)
def test_rating_averages_use_the_language_sign(app, language, label, sign):
    from portal.services.matching.reasons import rating_label, reasons_in_words
    from recommender import Candidate, Match

    rated = Candidate(
        id=1, lat=65.7, lon=24.6, max_travel_km=50, weekly=(), rating_sum=9, rating_count=2
    )
    match = Match(candidate_id=1, score=1.0, distance_km=3.0, coverage=1.0, reasons={})

    class Ranked:
        road_km, in_ring, worked_before, candidate = 4.0, False, False, rated

    Ranked.match = match
    with app.test_request_context(headers={"Accept-Language": language}):
        assert rating_label(rated) == label
        words = reasons_in_words(Ranked)
    (rating,) = [w for w in words if "4" in w and "km" not in w]  # Bayesian: 29 / 7 = 4.1
    assert f"4{sign}1" in rating
