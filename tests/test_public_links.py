"""Links in messages are the app's own URLs under PUBLIC_URL, built without a request."""

import pytest
from flask import url_for

from portal.notify.tokens import public_url


@pytest.mark.parametrize(
    ("endpoint", "values"),
    [
        ("offers.by_link", {"token": "WzEyLCJ5ZXMiXQ.sig-_x"}),
        ("offers.unsubscribe", {"token": "a b/ä?&#"}),
        ("offers.round_page", {"shift_id": 7}),
        ("timesheets.record_occurrence", {"employment_id": 3, "day": "2026-12-02"}),
    ],
)
def test_a_message_link_is_the_page_url_under_public_url(app, endpoint, values):
    app.config["PUBLIC_URL"] = "https://avustajatori.example/"
    with app.test_request_context():
        expected = "https://avustajatori.example" + url_for(endpoint, **values)
    assert public_url(endpoint, **values) == expected
