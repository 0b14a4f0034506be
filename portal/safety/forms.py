"""Forms anyone may fill in: a report, accessibility feedback, an erasure request."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.forms import BaseForm


def _max(n: int) -> Length:
    return Length(max=n, message=_l("At most %(max)d characters."))


class ReportForm(BaseForm):
    """Report a profile, shift or message to the coordinators."""

    reason = TextAreaField(
        _l("What is wrong?"),
        validators=[DataRequired(message=_l("Tell us what is wrong.")), _max(2000)],
    )
    submit = SubmitField(_l("Send the report"))


class FeedbackForm(BaseForm):
    """Accessibility feedback, from anyone."""

    message = TextAreaField(
        _l("Your feedback"),
        validators=[DataRequired(message=_l("Write your feedback.")), _max(4000)],
    )
    contact = StringField(_l("Your email or phone (optional)"), validators=[_max(254)])
    submit = SubmitField(_l("Send the feedback"))


class ErasureForm(BaseForm):
    """Ask for erasure; the box must be ticked."""

    message = TextAreaField(_l("Anything we should know (optional)"), validators=[_max(1000)])
    confirm = BooleanField(
        _l("I understand that my account will be closed and my personal data erased"),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )
    submit = SubmitField(_l("Ask for erasure"))
