"""Assistants' forms: announcement, weekly windows, dated exceptions, applications."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from portal.forms import BaseForm
from portal.positions.declaration import DeclarationMixin
from portal.shifts.fields import (
    ClockField,
    MultiCheckboxField,
    language_choices,
    same_clock_refused,
    skill_choices,
    weekday_choices,
)
from portal.timeutil import today_local

MAX = _l("At most %(max)d characters.")


class AnnouncementForm(BaseForm):
    """The job-search announcement."""

    text = TextAreaField(_l("Announcement"), validators=[Length(max=2000, message=MAX)])
    skills = MultiCheckboxField(_l("Skills"), validate_choice=True)
    languages = MultiCheckboxField(_l("Languages I speak"))
    place = StringField(
        _l("Home postal code, municipality or village"),
        validators=[DataRequired(message=_l("Enter where you live.")), Length(max=80, message=MAX)],
    )
    max_travel_km = DecimalField(
        _l("How far I travel (road km)"),
        places=0,
        validators=[
            InputRequired(message=_l("Enter a distance in kilometres.")),
            NumberRange(min=0, max=500, message=_l("Give a distance between 0 and 500 km.")),
        ],
    )
    on_call = BooleanField(_l("I can take urgent substitute shifts (on call)"))
    visible = BooleanField(_l("Show my announcement to employers"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.skills.choices = skill_choices()
        self.languages.choices = language_choices()


class WindowForm(BaseForm):
    """One weekly availability window; an end before the start runs over midnight."""

    class Meta:
        # Several of these forms share a page under prefixes, so the per-form token would be
        # renamed; the app-wide CSRFProtect checks every POST's csrf_token instead.
        csrf = False

    weekday = SelectField(
        _l("Weekday"),
        coerce=lambda value: None if value in ("", None) else int(value),
        validators=[InputRequired(message=_l("Choose a weekday."))],
    )
    start = ClockField(_l("From"), validators=[InputRequired(message=_l("Enter a start time."))])
    end = ClockField(_l("Until"), validators=[InputRequired(message=_l("Enter an end time."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.weekday.choices = weekday_choices(placeholder=True)

    def validate_end(self, field):
        """08:00–08:00 is a typing slip, not a 24-hour window."""
        same_clock_refused(self.start, field)


class ExceptionForm(BaseForm):
    """A dated exception to the weekly pattern."""

    class Meta:
        # Several of these forms share a page under prefixes, so the per-form token would be
        # renamed; the app-wide CSRFProtect checks every POST's csrf_token instead.
        csrf = False

    day = DateField(_l("Date"), validators=[InputRequired(message=_l("Enter a date."))])
    kind = RadioField(
        _l("What"),
        choices=[
            SelectChoice("holiday", _l("Holiday: not available")),
            SelectChoice("sick", _l("Sick: not available")),
            SelectChoice("extra", _l("Extra time available")),
        ],
        validators=[InputRequired(message=_l("Choose what kind of exception this is."))],
    )
    start = ClockField(_l("From"), validators=[Optional()])
    end = ClockField(_l("Until"), validators=[Optional()])
    note = StringField(_l("Note (only you see it)"), validators=[Length(max=200, message=MAX)])

    def validate_day(self, field):
        """An exception is for today or the next two years, not for a past year."""
        today = today_local()
        if field.data and field.data < today:
            raise ValidationError(_l("The date has passed. Give today or a later date."))
        if field.data and field.data > today + timedelta(days=731):
            raise ValidationError(_l("Give a date within the next two years."))

    def validate_end(self, field):
        """A window of no length is a typing slip."""
        same_clock_refused(self.start, field)


class ApplyForm(DeclarationMixin, BaseForm):
    """An application with the relative declaration."""

    message = TextAreaField(
        _l("Message to the employer"), validators=[Length(max=1000, message=MAX)]
    )


class ShiftFilterForm(BaseForm):
    """Filters of "Shifts for me" (a GET form)."""

    class Meta:
        csrf = False

    day = DateField(_l("Date"), validators=[Optional()])
    municipality = SelectField(_l("Municipality"), validators=[Optional()])
    kind = SelectField(_l("Kind"), validators=[Optional()])
