"""Form fields and choices shared by the marketplace blueprints."""

from datetime import time

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from portal.services.marketplace.profiles import LANGUAGES, active_skills

WEEKDAYS = [
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
]
LANGUAGE_NAMES = {
    "fi": _l("Finnish"),
    "sv": _l("Swedish"),
    "en": _l("English"),
    "se": _l("Northern Sámi"),
    "smn": _l("Inari Sámi"),
    "sms": _l("Skolt Sámi"),
    "ru": _l("Russian"),
}


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes (rendered as a fieldset by the _forms.html macro)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ClockField(TimeField):
    """A time of day typed as 16, 16.00, 16:00 or 7.30 into a plain text box.

    A plain text input, not type="time": browsers render and announce time pickers
    differently per locale, while "07:30" types the same everywhere and by keyboard.
    """

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", ["%H:%M", "%H.%M", "%H"])
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "autocomplete": "off", "size": 6})
        super().__init__(label, validators, **kwargs)


def weekday_choices(placeholder: bool = False):
    """Monday..Sunday as select choices (0 = Monday), after an empty "Choose" when asked.

    A required select must not open on a real weekday, or one is chosen unnoticed.
    """
    days = [SelectChoice(i, name) for i, name in enumerate(WEEKDAYS)]
    return [SelectChoice("", _l("Choose a weekday")), *days] if placeholder else days


def same_clock_refused(start, end) -> None:
    """Refuse a window whose end equals its start (0.00–0.00 is the whole day)."""
    if start.data and end.data and start.data == end.data and start.data != time(0, 0):
        raise ValidationError(
            _l("The end must differ from the start. For a whole day, use 0.00–0.00.")
        )


def language_choices():
    """The languages an assistant or shift may name."""
    return [SelectChoice(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]


def skill_choices():
    """The managed skill vocabulary in the page's language."""
    locale = str(get_locale())
    return [SelectChoice(s.code, s.name(locale)) for s in active_skills()]


def minutes(value) -> int:
    """A datetime.time as minutes after midnight."""
    return value.hour * 60 + value.minute
