"""Forms of the hours pages: record hours, return them, pay settings, the month."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from portal.forms import BaseForm, DateWithin
from portal.shifts.fields import ClockField


class CommaDecimalField(DecimalField):
    """A decimal typed the Finnish way (12,50) or with a point (12.50)."""

    def process_formdata(self, valuelist):
        """Accept a decimal comma and spaces between thousands."""
        if valuelist:
            valuelist = [
                v.replace(" ", "").replace("\u00a0", "").replace(",", ".") for v in valuelist
            ]
        super().process_formdata(valuelist)
        value = getattr(self, "data", None)
        if isinstance(value, Decimal) and not value.is_finite():
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value."))


class RecordForm(BaseForm):
    """The actual start, end and unpaid breaks of one shift (defaults: as planned)."""

    day = DateField(
        _l("Date the work began"),
        validators=[InputRequired(message=_l("Enter a date.")), DateWithin(2000, 2100)],
    )
    start = ClockField(
        _l("Started at"), validators=[InputRequired(message=_l("Enter a start time."))]
    )
    end = ClockField(
        _l("Ended at (next day if earlier than the start)"),
        validators=[InputRequired(message=_l("Enter an end time."))],
    )
    break_minutes = IntegerField(
        _l("Unpaid breaks (minutes)"),
        default=0,
        validators=[
            InputRequired(message=_l("Enter the breaks in minutes, 0 if none.")),
            NumberRange(min=0, max=600, message=_l("Give the breaks as 0–600 minutes.")),
        ],
    )


class ReturnForm(BaseForm):
    """Return recorded hours to the assistant with a comment."""

    comment = TextAreaField(
        _l("What should be corrected"),
        validators=[
            DataRequired(message=_l("Say what should be corrected.")),
            Length(max=1000, message=_l("At most %(max)d characters.")),
        ],
    )


class PaySettingsForm(BaseForm):
    """The employer's wage for their assistants, the granted hours and the payer."""

    hourly_wage = CommaDecimalField(
        _l("Hourly wage of your assistants (euros, before supplements)"),
        places=2,
        validators=[
            Optional(),
            NumberRange(min=0, max=200, message=_l("Give an hourly wage between 0 and 200 euros.")),
        ],
    )
    monthly_hours = CommaDecimalField(
        _l("Hours a month in your decision"),
        places=1,
        validators=[
            Optional(),
            NumberRange(min=0, max=744, message=_l("Give the hours a month between 0 and 744.")),
        ],
    )
    payer = SelectField(_l("Who pays the wages"), choices=[], validate_choice=True)


class MonthForm(BaseForm):
    """A calendar month, as 2026-12."""

    class Meta:
        csrf = False  # a GET filter

    month = StringField(
        _l("Month (YYYY-MM)"),
        validators=[
            Optional(),
            Regexp(r"^20\d\d-(0[1-9]|1[0-2])$", message=_l("Give the month as YYYY-MM.")),
        ],
    )
