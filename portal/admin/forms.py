"""Coordinator decision form."""

from flask_babel import lazy_gettext as _l
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length

from portal.forms import BaseForm


class DecisionForm(BaseForm):
    """Approve or reject a registration, with a reason (required to reject)."""

    reason = TextAreaField(
        _l("Reason (shown to the user; required when rejecting)"),
        validators=[Length(max=2000, message=_l("At most %(max)d characters."))],
    )
    approve = SubmitField(_l("Approve"))
    reject = SubmitField(_l("Reject"))
