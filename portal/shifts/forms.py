"""Employers' shift forms, invitations, confirmations and after-shift forms."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.forms import BaseForm, DateWithin
from portal.models import ShiftKind
from portal.shifts.fields import (
    ClockField,
    MultiCheckboxField,
    language_choices,
    skill_choices,
    weekday_choices,
)
from portal.warnings_page import ACKNOWLEDGE, TRIP_END

MAX = _l("At most %(max)d characters.")


class ShiftForm(BaseForm):
    """Post or edit a regular position, a one-off shift or an urgent substitute shift."""

    kind = RadioField(
        _l("Kind of shift"),
        choices=[
            SelectChoice(ShiftKind.ONE_OFF.value, _l("One-off shift")),
            SelectChoice(ShiftKind.REGULAR.value, _l("Regular position (weekly)")),
            SelectChoice(ShiftKind.URGENT.value, _l("Urgent substitute shift")),
        ],
        validators=[InputRequired(message=_l("Choose the kind of shift."))],
    )
    title = StringField(
        _l("Title"),
        validators=[DataRequired(message=_l("Enter a title.")), Length(max=120, message=MAX)],
    )
    description = TextAreaField(_l("What the work is"), validators=[Length(max=2000, message=MAX)])
    day = DateField(
        _l("Date (first day of a regular position)"),
        validators=[InputRequired(message=_l("Enter a date.")), DateWithin(2000, 2100)],
    )
    start = ClockField(
        _l("Starts at"), validators=[InputRequired(message=_l("Enter a start time."))]
    )
    end = ClockField(
        _l("Ends at (next day if earlier than the start)"),
        validators=[InputRequired(message=_l("Enter an end time."))],
    )
    end_day = DateField(TRIP_END, validators=[Optional()])
    weekdays = MultiCheckboxField(_l("Weekdays of a regular position"), coerce=int)
    place = StringField(
        _l("Postal code, municipality or village"),
        validators=[
            DataRequired(message=_l("Enter where the work is.")),
            Length(max=80, message=MAX),
        ],
    )
    languages = MultiCheckboxField(_l("The assistant must speak one of"))
    required = MultiCheckboxField(_l("Required skills"))
    preferred = MultiCheckboxField(_l("Preferred skills"))
    acknowledge = BooleanField(ACKNOWLEDGE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.weekdays.choices = weekday_choices()
        self.languages.choices = language_choices()
        self.required.choices = skill_choices()
        self.preferred.choices = skill_choices()


class InviteForm(BaseForm):
    """Invite one or several ranked candidates."""

    assistants = SelectMultipleField(_l("Invite"), coerce=int)


class RateForm(BaseForm):
    """Rate the other side of a shift."""

    stars = RadioField(
        _l("Stars"),
        coerce=int,
        choices=[SelectChoice(n, str(n)) for n in range(5, 0, -1)],
        validators=[InputRequired(message=_l("Choose 1 to 5 stars."))],
    )
    comment = TextAreaField(_l("Comment"), validators=[Length(max=1000, message=MAX)])


class DisputeForm(BaseForm):
    """Dispute a no-show to a coordinator."""

    reason = TextAreaField(
        _l("What happened"),
        validators=[
            DataRequired(message=_l("Tell the coordinator what happened.")),
            Length(max=2000, message=MAX),
        ],
    )


class MemberForm(BaseForm):
    """Add an assistant to the ring or excluded list."""

    assistant_id = IntegerField(
        _l("Assistant"), validators=[InputRequired(), NumberRange(min=1, max=2**31 - 1)]
    )
    excluded = StringField(validators=[Optional(), Length(max=1)])
