"""Forms of positions, applications, days off, ending an employment and the decision."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.forms import BaseForm
from portal.models import AbsenceReason, HoursPer
from portal.positions.declaration import DeclarationMixin, relation_choices
from portal.shifts.fields import (
    ClockField,
    MultiCheckboxField,
    language_choices,
    skill_choices,
    weekday_choices,
)
from portal.warnings_page import ACKNOWLEDGE

MAX = _l("At most %(max)d characters.")
PATTERN_ROWS = 7
RELATIVE_ROWS = 2


class PatternRow(Form):
    """One weekly time of a position; an end before the start runs over midnight."""

    weekday = SelectField(_l("Weekday"), validators=[Optional()])
    start = ClockField(_l("From"), validators=[Optional()])
    end = ClockField(_l("Until"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.weekday.choices = [SelectChoice("", _l("(none)"))] + [
            SelectChoice(str(c.value), c.label) for c in weekday_choices()
        ]


class PositionForm(BaseForm):
    """Post a regular position (a job ad)."""

    title = StringField(
        _l("Title"),
        validators=[DataRequired(message=_l("Enter a title.")), Length(max=120, message=MAX)],
    )
    tasks = TextAreaField(_l("Tasks"), validators=[Length(max=2000, message=MAX)])
    windows = FieldList(FormField(PatternRow), label=_l("Weekly times"), min_entries=PATTERN_ROWS)
    starts_on = DateField(
        _l("First day"), validators=[InputRequired(message=_l("Enter the first day."))]
    )
    ends_on = DateField(_l("Last day (empty: ongoing)"), validators=[Optional()])
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
    pay_basis = StringField(
        _l("Pay basis (collective agreement, hourly wage)"),
        validators=[Length(max=200, message=MAX)],
    )
    urgent_round_on_absence = BooleanField(
        _l("When the assistant is off, start looking for an urgent substitute at once")
    )
    acknowledge = BooleanField(ACKNOWLEDGE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages.choices = language_choices()
        self.required.choices = skill_choices()
        self.preferred.choices = skill_choices()


class ApplyForm(DeclarationMixin, BaseForm):
    """An application for a position with the relative declaration."""

    message = TextAreaField(
        _l("Message to the employer"), validators=[Length(max=1000, message=MAX)]
    )


class AbsenceForm(BaseForm):
    """Report one working time off."""

    reason = RadioField(
        _l("Why"),
        choices=[
            SelectChoice(AbsenceReason.SICK.value, _l("Sick")),
            SelectChoice(AbsenceReason.HOLIDAY.value, _l("Holiday")),
            SelectChoice(AbsenceReason.OTHER.value, _l("Other reason")),
        ],
        default=AbsenceReason.SICK.value,
        validators=[InputRequired(message=_l("Choose why."))],
    )
    starts_at = StringField(validators=[DataRequired(), Length(max=40)])


class EndForm(BaseForm):
    """End an employment on a date."""

    ends_on = DateField(
        _l("Last working day"), validators=[InputRequired(message=_l("Enter the last day."))]
    )


class RelativeRow(Form):
    """One relative the decision names."""

    name = StringField(_l("Relative's full name"), validators=[Length(max=160, message=MAX)])
    relation = SelectField(_l("Relation"), choices=relation_choices, default="")
    approved_on = DateField(_l("Approved on"), validators=[Optional()])


class DecisionForm(BaseForm):
    """The municipality's decision, typed in from paper."""

    decided_on = DateField(
        _l("Date of the decision"), validators=[InputRequired(message=_l("Enter a date."))]
    )
    valid_from = DateField(
        _l("Valid from"), validators=[InputRequired(message=_l("Enter a date."))]
    )
    valid_until = DateField(
        _l("Valid until (empty: until further notice)"), validators=[Optional()]
    )
    granted_hours = DecimalField(
        _l("Granted hours"),
        places=1,
        validators=[
            InputRequired(message=_l("Enter the granted hours.")),
            NumberRange(min=1, max=744, message=_l("Give hours between 1 and 744.")),
        ],
    )
    hours_per = RadioField(
        _l("Granted per"),
        choices=[
            SelectChoice(HoursPer.MONTH.value, _l("month")),
            SelectChoice(HoursPer.WEEK.value, _l("week")),
        ],
        default=HoursPer.MONTH.value,
        validators=[InputRequired()],
    )
    evening = BooleanField(_l("Evening work (18–23) granted"), default=True)
    saturday = BooleanField(_l("Saturday work granted"), default=True)
    sunday = BooleanField(_l("Sunday and holiday work granted"), default=True)
    night = BooleanField(_l("Night work (23–06) granted"))
    max_night_hours = DecimalField(
        _l("Night hours at most (a month)"),
        places=1,
        validators=[Optional(), NumberRange(min=0, max=744)],
    )
    two_assistants = BooleanField(_l("Two assistants at the same time allowed"))
    trips = BooleanField(_l("Trips over 24 hours (up to 14 days) allowed"))
    relatives = FieldList(
        FormField(RelativeRow),
        label=_l("Relatives the decision approves"),
        min_entries=RELATIVE_ROWS,
    )
    notes = TextAreaField(_l("Notes"), validators=[Length(max=2000, message=MAX)])
