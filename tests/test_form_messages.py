"""WTForms' built-in validator messages are ours to translate: every one, in fi, sv and en."""

from pathlib import Path

import pytest
import wtforms
from babel.messages.pofile import read_po

from portal.auth.forms import RegisterForm
from portal.i18n_tool import extract

CATALOGUE = Path(__file__).resolve().parents[1] / "portal" / "validation" / "translations"
WTFORMS_POT = Path(wtforms.__file__).parent / "locale" / "wtforms.pot"


def _ids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {m.id[0] if isinstance(m.id, tuple) else m.id for m in read_po(handle) if m.id}


def test_every_wtforms_message_is_extracted_into_our_catalogue(tmp_path):
    pot = tmp_path / "messages.pot"
    extract(CATALOGUE, pot)
    assert _ids(WTFORMS_POT) <= _ids(pot)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_wtforms_message_has_a_full_sentence(language):
    po = CATALOGUE / language / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        messages = [m for m in read_po(handle, locale=language) if m.id]
    for message in messages:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            assert text, (language, message.id)
            assert text.rstrip()[-1] in ".?!", (language, message.id, text)
            if language != "en" and "CSRF" not in str(message.id):
                assert text != message.id, (language, message.id)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "Anna kellonaika"), ("sv", "Ange ett klockslag"), ("en", "Enter a time")],
)
def test_bad_time_is_refused_in_the_page_language(app, language, expected):
    from portal.shifts.forms import ShiftForm

    with app.test_request_context(
        method="POST", data={"start": "25:99"}, headers={"Accept-Language": language}
    ):
        form = ShiftForm(meta={"csrf": False})
        form.validate()
        assert expected in " ".join(form.start.errors)
        assert "Not a valid" not in " ".join(form.start.errors)


@pytest.mark.parametrize("phone", ["abc", "040", "+358 abc 123"])
def test_register_refuses_a_phone_without_digits(app, phone):
    with app.test_request_context(
        method="POST", data={"phone": phone}, headers={"Accept-Language": "fi"}
    ):
        form = RegisterForm(meta={"csrf": False})
        form.validate()
        assert "Anna puhelinnumero numeroina" in " ".join(map(str, form.phone.errors))


@pytest.mark.parametrize("phone", ["040 340 3894", "+358 40 340 3894", "(016) 123-456"])
def test_register_accepts_real_phone_numbers(app, phone):
    with app.test_request_context(method="POST", data={"phone": phone}):
        form = RegisterForm(meta={"csrf": False})
        form.validate()
        assert not form.phone.errors


def test_tel_links_have_no_spaces(app):
    from portal.main.helpers import tel_href

    assert tel_href("040 340 3894") == "tel:0403403894"
    assert tel_href("+358 40 340-3894") == "tel:+358403403894"
