"""The board's forms: announcement search, contact request, message, saved searches."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal.forms import BaseForm
from portal.models import AlertFrequency, ShiftKind
from portal.shifts.fields import (
    ClockField,
    MultiCheckboxField,
    language_choices,
    minutes,
    skill_choices,
    weekday_choices,
)

MAX = _l("At most %(max)d characters.")
# Headings of the board's tables on the "my data" page (portal/safety).
BOARD_TABLE_TITLES = {
    "contact_requests": _l("Contact requests and conversations"),
    "chat_messages": _l("Messages in conversations"),
    "user_blocks": _l("People you have blocked"),
    "saved_searches": _l("Saved searches"),
    "alert_items": _l("Alerts sent to you"),
}


def alert_frequency_field() -> RadioField:
    """The saved-search alert frequency, for the message settings form."""
    return RadioField(
        _l("Alerts of my saved searches"),
        choices=[SelectChoice(f.value, AlertFrequency.__labels__[f.value]) for f in AlertFrequency],
        default=AlertFrequency.DAILY.value,
    )


class SearchFields(BaseForm):
    """The fields of an announcement search, shared by searching and saving a search."""

    place = StringField(_l("Postal code or municipality"), validators=[Length(max=80, message=MAX)])
    road_km = IntegerField(
        _l("Within (road km)"),
        validators=[
            Optional(),
            NumberRange(min=1, max=500, message=_l("Give a distance between 1 and 500 km.")),
        ],
    )
    skills = MultiCheckboxField(_l("Skills"), validate_choice=True)
    languages = MultiCheckboxField(_l("Speaks one of"), validate_choice=True)
    weekdays = MultiCheckboxField(_l("Free on"), coerce=int, validate_choice=True)
    start = ClockField(_l("From (hh:mm)"), validators=[Optional()])
    end = ClockField(_l("Until (hh:mm)"), validators=[Optional()])
    on_call = BooleanField(_l("Only assistants on call for urgent shifts"))
    text = StringField(_l("Words in the announcement"), validators=[Length(max=200, message=MAX)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.skills.choices = skill_choices()
        self.languages.choices = language_choices()
        self.weekdays.choices = weekday_choices()

    def criteria(self) -> dict:
        """The cleaned fields as the plain dict services and saved searches keep."""
        return {
            "place": (self.place.data or "").strip(),
            "road_km": self.road_km.data,
            "skills": sorted(self.skills.data or []),
            "languages": sorted(self.languages.data or []),
            "weekdays": sorted(self.weekdays.data or []),
            "start_min": minutes(self.start.data) if self.start.data else None,
            "end_min": minutes(self.end.data) if self.end.data else None,
            "on_call": bool(self.on_call.data),
            "text": (self.text.data or "").strip(),
        }


class ContactForm(BaseForm):
    """An employer's contact request about one of their shifts or positions."""

    about = SelectField(
        _l("About"), validators=[DataRequired(message=_l("Choose one of your shifts."))]
    )
    note = TextAreaField(_l("Message to the assistant"), validators=[Length(max=1000, message=MAX)])


class MessageForm(BaseForm):
    """A plain-text message in a conversation."""

    body = TextAreaField(
        _l("Your message"),
        validators=[DataRequired(message=_l("Write a message.")), Length(max=2000, message=MAX)],
    )


class AnswerForm(BaseForm):
    """Accept or decline a contact request."""

    answer = RadioField(
        _l("Your answer"),
        choices=[SelectChoice("yes", _l("Accept")), SelectChoice("no", _l("Decline"))],
        validators=[DataRequired(message=_l("Choose accept or decline."))],
    )


def shift_kind_choices():
    """Any kind, or one kind of shift."""
    return [
        SelectChoice("", _l("Any kind")),
        SelectChoice(ShiftKind.URGENT.value, _l("Urgent substitute shifts")),
        SelectChoice(ShiftKind.ONE_OFF.value, _l("One-off shifts")),
        SelectChoice(ShiftKind.REGULAR.value, _l("Regular work")),
    ]


class WorkSearchForm(BaseForm):
    """An assistant's saved search: what fits my announcement, optionally narrowed."""

    name = StringField(_l("Name of the search"), validators=[Length(max=120, message=MAX)])
    municipality = SelectField(_l("Municipality"), validate_choice=False, default="")
    kind = SelectField(_l("Kind of work"), validate_choice=True, default="")
    text = StringField(_l("Words in the title"), validators=[Length(max=200, message=MAX)])

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality.choices = [
            SelectChoice("", _l("Anywhere I travel")),
            *(SelectChoice(code, name) for code, name in municipalities),
        ]
        self.kind.choices = shift_kind_choices()

    def criteria(self) -> dict:
        """The narrowing fields as a plain dict."""
        return {
            "municipality": self.municipality.data or "",
            "kind": self.kind.data or "",
            "text": (self.text.data or "").strip(),
        }


class SearchForm(SearchFields):
    """Search assistants' announcements (GET: bookmarkable, no CSRF token)."""

    class Meta:
        csrf = False


class SaveSearchForm(SearchFields):
    """An employer saves the announcement search they are looking at."""

    name = StringField(_l("Name of the search"), validators=[Length(max=120, message=MAX)])
