"""WTForms' built-in validator messages, listed so our catalogue translates them.

WTForms ships Finnish and Swedish catalogues with gaps (no "Not a valid time value.")
and without full stops, so errors ran into each other. BaseForm routes WTForms'
messages through our own catalogue instead; this list is only for extraction, and
tests/test_form_messages.py checks it against the messages WTForms defines.
"""

from flask_babel import get_translations, lazy_ngettext
from flask_babel import lazy_gettext as _l

SINGULAR = [
    _l("Invalid field name '%s'."),
    _l("Field must be equal to %(other_name)s."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Date must be at least %(min)s."),
    _l("Date must be at most %(max)s."),
    _l("Date must be between %(min)s and %(max)s."),
    _l("This field is required."),
    _l("Invalid input."),
    _l("Invalid email address."),
    _l("Invalid IP address."),
    _l("Invalid Mac address."),
    _l("Invalid URL."),
    _l("Invalid UUID."),
    _l("Invalid value, must be one of: %(values)s."),
    _l("Invalid value, can't be any of: %(values)s."),
    _l("This field cannot be edited."),
    _l("This field is disabled and cannot have a value."),
    _l("Invalid CSRF Token."),
    _l("CSRF token missing."),
    _l("CSRF failed."),
    _l("CSRF token expired."),
    _l("Invalid Choice: could not coerce."),
    _l("Choices cannot be None."),
    _l("Not a valid choice."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    _l("Not a valid datetime value."),
    _l("Not a valid date value."),
    _l("Not a valid time value."),
    _l("Not a valid week value."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
]
PLURAL = [
    lazy_ngettext(
        "Field must be at least %(min)d character long.",
        "Field must be at least %(min)d characters long.",
        1,
    ),
    lazy_ngettext(
        "Field cannot be longer than %(max)d character.",
        "Field cannot be longer than %(max)d characters.",
        1,
    ),
    lazy_ngettext(
        "Field must be exactly %(max)d character long.",
        "Field must be exactly %(max)d characters long.",
        1,
    ),
    lazy_ngettext(
        "'%(value)s' is not a valid choice for this field.",
        "'%(value)s' are not valid choices for this field.",
        1,
    ),
]


class FormTranslations:
    """WTForms' translations object, answering from the app's merged catalogues."""

    def gettext(self, string):
        """The message in the page's language, placeholders left for WTForms to fill."""
        return get_translations().ugettext(string)

    def ngettext(self, singular, plural, n):
        """The singular or plural message in the page's language."""
        return get_translations().ungettext(singular, plural, n)
