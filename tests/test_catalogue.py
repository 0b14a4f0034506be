"""The request's cached catalogue follows every change of language, as Flask-Babel's own."""

import pytest
from flask import render_template_string
from flask_babel import force_locale, format_decimal, refresh

from portal.i18n import gettext, ngettext, one_decimal


def test_forced_language_inside_a_request_and_back(app):
    with app.test_request_context("/", headers={"Accept-Language": "sv"}):
        assert gettext("Sign in") == "Logga in"
        with force_locale("fi"):
            assert gettext("Sign in") == "Kirjaudu sisään"
            assert render_template_string("{{ _('Sign in') }}") == "Kirjaudu sisään"
        assert gettext("Sign in") == "Logga in"
        assert render_template_string("{{ _('Sign in') }}") == "Logga in"


def test_a_refresh_after_a_change_of_language_is_seen(app):
    with app.test_request_context("/", headers={"Accept-Language": "en"}) as ctx:
        assert gettext("Sign in") == "Sign in"
        ctx.session["lang"] = "fi"
        refresh()
        assert gettext("Sign in") == "Kirjaudu sisään"


def test_outside_a_request_the_default_language(app):
    with app.app_context():
        assert gettext("Sign in") == "Kirjaudu sisään"


def test_plural_forms_and_variables(app):
    with app.test_request_context("/", headers={"Accept-Language": "fi"}):
        one = ngettext("%(num)d unread", "%(num)d unread", 1)
        many = ngettext("%(num)d unread", "%(num)d unread", 5)
        assert one.startswith("1 ")
        assert many.startswith("5 ")
        assert gettext("%(km)s km", km=12) == "12 km"


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("value", [0, 4.25, 4.35, 4.05, 3.999, -1.25, 12.0, 1234.56])
def test_one_decimal_is_babels_format(app, language, value):
    with app.test_request_context("/", headers={"Accept-Language": language}):
        assert one_decimal(value) == format_decimal(value, format="0.0")


def test_one_decimal_follows_a_forced_language(app):
    with app.test_request_context("/", headers={"Accept-Language": "sv"}):
        assert one_decimal(4.25) == "4,2"
        with force_locale("en"):
            assert one_decimal(4.25) == "4.2"
        assert one_decimal(4.25) == "4,2"
