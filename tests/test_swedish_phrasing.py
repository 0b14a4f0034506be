"""Issue 16 item 15: natural Swedish, and no "0 km" in any language."""

import pytest
from flask_babel import gettext

from portal.i18n import distance_from_you, distance_words


@pytest.mark.parametrize(
    ("language", "near", "far"),
    [
        ("fi", "Alle kilometrin päässä sinusta.", "Noin 12 km:n päässä sinusta."),
        ("sv", "Mindre än en kilometer från dig.", "Ungefär 12 km från dig."),
        ("en", "Under 1 km from you.", "About 12 km from you."),
    ],
)
def test_distance_never_says_zero_km(app, language, near, far):
    with app.test_request_context(headers={"Accept-Language": language}):
        assert distance_from_you(0.3) == near
        assert distance_from_you(12.2) == far
        assert "0 km" not in distance_words(0.0)
        assert distance_words(None) == "–"


@pytest.mark.parametrize(
    ("msgid", "swedish"),
    [
        ("No confirmed shifts coming up.", "Du har inga bekräftade pass framöver."),
        ("You have applied for this shift.", "Du har sökt det här passet."),
    ],
)
def test_swedish_sentences_read_naturally(app, msgid, swedish):
    with app.test_request_context(headers={"Accept-Language": "sv"}):
        assert gettext(msgid) == swedish
