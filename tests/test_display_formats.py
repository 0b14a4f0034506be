"""Times without seconds and decimals with the page language's sign (issue 16 item 15)."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from portal.i18n import local_datetime
from portal.main.helpers import decimal

MOMENT = datetime(2026, 12, 2, 2, 40, 7, tzinfo=UTC)  # 4.40.07 in Helsinki


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "2.12.2026 4.40"), ("sv", "2 dec. 2026 04:40"), ("en", "Dec 2, 2026, 4:40")],
)
def test_times_are_shown_without_seconds(app, language, expected):
    with app.test_request_context(headers={"Accept-Language": language}):
        shown = local_datetime(MOMENT)
    assert shown.startswith(expected)
    assert ":07" not in shown
    assert ".07" not in shown


@pytest.mark.parametrize(("language", "expected"), [("fi", "1,5"), ("sv", "1,5"), ("en", "1.5")])
def test_decimals_use_the_language_sign(app, language, expected):
    with app.test_request_context(headers={"Accept-Language": language}):
        assert decimal(Decimal("1.46")) == expected
        assert decimal(None) == "–"
