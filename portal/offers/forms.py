"""Forms for answering offers, running a round and message preferences."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from portal.board.forms import alert_frequency_field
from portal.forms import BaseForm
from portal.positions.declaration import DeclarationMixin


class AnswerForm(DeclarationMixin, BaseForm):
    """Yes or no to one offer: two buttons, one step, with the relative declaration."""

    yes = SubmitField(_l("Yes, I can come"))
    no = SubmitField(_l("No, I cannot"))


class ActionForm(BaseForm):
    """A button that only needs the CSRF token (pick, stop, restart, cancel, read all)."""

    submit = SubmitField(_l("Do it"))


class PlaceForm(DeclarationMixin, BaseForm):
    """A coordinator places an assistant by hand, with what the assistant declared."""

    assistant_id = SelectField(_l("Assistant"), coerce=int, validators=[InputRequired()])
    acknowledge = BooleanField(_l("I have read the warnings and proceed (recorded)"))
    submit = SubmitField(_l("Place this assistant"))


class PrefsForm(BaseForm):
    """Channels, quiet hours and pausing offers."""

    inapp = BooleanField(_l("Messages in the portal"))
    email = BooleanField(_l("Email"))
    sms = BooleanField(_l("Text message (SMS)"))
    quiet_start = IntegerField(
        _l("Quiet hours start (hour, 0–23)"), validators=[InputRequired(), NumberRange(0, 23)]
    )
    quiet_end = IntegerField(
        _l("Quiet hours end (hour, 0–23)"), validators=[InputRequired(), NumberRange(0, 23)]
    )
    night_urgent = BooleanField(_l("Text me at night when a shift starts within a few hours"))
    pause_today = BooleanField(_l("No more offers today"))
    alert_frequency = alert_frequency_field()
    submit = SubmitField(_l("Save"))
