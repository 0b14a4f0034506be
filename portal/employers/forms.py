"""The employer's profile form."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DecimalField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal.forms import BaseForm

MAX = _l("At most %(max)d characters.")


class EmployerForm(BaseForm):
    """Where the work is and what it is; the street address stays private."""

    place = StringField(
        _l("Postal code, municipality or village"),
        validators=[
            DataRequired(message=_l("Enter where the work is.")),
            Length(max=80, message=MAX),
        ],
    )
    street_address = StringField(
        _l("Street address (shown only to the confirmed assistant)"),
        validators=[Length(max=200, message=MAX)],
    )
    acts_for_principal = BooleanField(_l("I am a substitute employer acting for a principal"))
    principal_name = StringField(
        _l("The principal's first name"), validators=[Length(max=120, message=MAX)]
    )
    tasks = TextAreaField(_l("Tasks, in plain words"), validators=[Length(max=2000, message=MAX)])
    aids = TextAreaField(_l("Aids and equipment"), validators=[Length(max=2000, message=MAX)])
    briefing_card = TextAreaField(
        _l("Briefing card (shown only to the confirmed assistant)"),
        validators=[Length(max=4000, message=MAX)],
    )
    max_distance_km = DecimalField(
        _l("Furthest an assistant may come from (road km, empty for no limit)"),
        places=0,
        validators=[
            Optional(),
            NumberRange(min=1, max=500, message=_l("Give a distance between 1 and 500 km.")),
        ],
    )
