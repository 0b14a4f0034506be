"""Forms of the coordinators' pages."""

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from portal.forms import BaseForm, DateWithin
from portal.services.audit import PURPOSES
from portal.timeutil import HELSINKI


def _max(n: int) -> Length:
    return Length(max=n, message=_l("At most %(max)d characters."))


def _date(label) -> DateField:
    return DateField(
        label,
        validators=[Optional(), DateWithin()],
        render_kw={"autocomplete": "off"},
        format="%Y-%m-%d",
    )


class PurposeForm(BaseForm):
    """Staff say why they open a user's personal data before they see it."""

    purpose = SelectField(
        _l("Purpose"),
        choices=[SelectChoice(k, v) for k, v in PURPOSES.items()],
        validators=[InputRequired(message=_l("Choose a purpose."))],
    )
    explanation = StringField(_l("Explanation (required for 'other')"), validators=[_max(200)])
    submit = SubmitField(_l("Open the data"))

    def validate_explanation(self, field):
        """'Other' needs words."""
        if self.purpose.data == "other" and not (field.data or "").strip():
            raise ValidationError(_l("Explain the purpose."))


class ChecklistForm(BaseForm):
    """The vetting checklist."""

    identity_method = SelectField(
        _l("Identity seen"),
        choices=[
            SelectChoice("", _l("Not yet")),
            SelectChoice("in_person", _l("In person")),
            SelectChoice("strong_eid", _l("Strong electronic identification")),
            SelectChoice("video", _l("Video call")),
        ],
    )
    identity_seen_at = DateTimeLocalField(
        _l("Identity seen at (Finnish time)"),
        validators=[Optional(), DateWithin()],
        format="%Y-%m-%dT%H:%M",
    )
    criminal_record_seen_on = _date(_l("Criminal record extract seen on"))
    interview_notes = TextAreaField(_l("Interview notes"), validators=[_max(5000)])
    training = TextAreaField(_l("Training"), validators=[_max(2000)])
    submit = SubmitField(_l("Save the checklist"))

    def validate_identity_seen_at(self, field):
        """An identity cannot have been seen in the future (a few minutes of clock skew pass)."""
        now = datetime.now(HELSINKI).replace(tzinfo=None)
        if field.data and field.data > now + timedelta(minutes=5):
            raise ValidationError(_l("The time is in the future. Give when the identity was seen."))

    def validate_criminal_record_seen_on(self, field):
        """The extract was seen today or earlier."""
        if field.data and field.data > datetime.now(HELSINKI).date():
            raise ValidationError(_l("The date is in the future. Give when the extract was seen."))


class ReferenceForm(BaseForm):
    """A reference the centre contacted."""

    name = StringField(
        _l("Name"), validators=[DataRequired(message=_l("Enter the name.")), _max(120)]
    )
    relation = StringField(
        _l("Relation to the user"),
        validators=[DataRequired(message=_l("Enter the relation.")), _max(120)],
    )
    contacted_on = _date(_l("Contacted on"))
    notes = TextAreaField(_l("Notes"), validators=[_max(2000)])
    submit = SubmitField(_l("Save the reference"))


class ReasonForm(BaseForm):
    """A decision that needs a reason the user is told."""

    reason = TextAreaField(
        _l("Reason (shown to the user)"),
        validators=[DataRequired(message=_l("Give a reason.")), _max(2000)],
    )
    submit = SubmitField(_l("Send"))


class ApproveForm(BaseForm):
    """Approve: the checklist says whether it is allowed."""

    submit = SubmitField(_l("Approve"))


class ConfirmApproveForm(ApproveForm):
    """Approve after a check: the coordinator ticks that they went through the details."""

    confirm = BooleanField(
        _l("I have checked the details, the announcement and the checklist above."),
        validators=[DataRequired(message=_l("Tick that you have checked the details first."))],
    )


class ReportDecisionForm(BaseForm):
    """The outcome of a report, dispute or accessibility feedback."""

    outcome = RadioField(_l("Outcome"), validators=[InputRequired(_l("Choose an outcome."))])
    reason = TextAreaField(
        _l("Reason (shown to the reporter)"),
        validators=[DataRequired(message=_l("Give a reason.")), _max(2000)],
    )
    submit = SubmitField(_l("Save the decision"))


class ModerationSettingsForm(BaseForm):
    """Pre- or post-moderation per content type."""

    announcement = RadioField(_l("Assistants' announcements"))
    shift = RadioField(_l("Shift texts"))
    submit = SubmitField(_l("Save the settings"))


MODES = [
    SelectChoice("post", _l("Post-moderation: shown at once, checked afterwards")),
    SelectChoice("pre", _l("Pre-moderation: shown only after a coordinator approves")),
]


class AuditFilterForm(BaseForm):
    """Filters of the audit page (a GET form)."""

    class Meta:
        csrf = False

    actor = SelectField(_l("Staff member"), validators=[Optional()])
    subject = IntegerField(
        _l("User number"), validators=[Optional(), NumberRange(min=1, max=2**31 - 1)]
    )
    action = SelectField(_l("Action"), validators=[Optional()])
    since = _date(_l("From"))
    until = _date(_l("To (inclusive)"))
    submit = SubmitField(_l("Filter"))


class PeriodForm(BaseForm):
    """The dashboard's period (a GET form)."""

    class Meta:
        csrf = False

    since = _date(_l("From"))
    until = _date(_l("To (inclusive)"))
    submit = SubmitField(_l("Show"))


class UserSearchForm(BaseForm):
    """Find a user by name or email (a GET form)."""

    class Meta:
        csrf = False

    q = StringField(_l("Name or email"), validators=[_max(120)])
    submit = SubmitField(_l("Search"))


class CoordinatorForm(BaseForm):
    """A new coordinator account (admins only)."""

    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(message=_l("Enter the email.")),
            Email(message=_l("Check the email.")),
            _max(254),
        ],
    )
    first_name = StringField(
        _l("First name"), validators=[DataRequired(message=_l("Enter the name.")), _max(80)]
    )
    last_name = StringField(
        _l("Last name"), validators=[DataRequired(message=_l("Enter the name.")), _max(80)]
    )
    locale = SelectField(
        _l("Language"),
        choices=[
            SelectChoice("fi", "Suomi"),
            SelectChoice("sv", "Svenska"),
            SelectChoice("en", "English"),
        ],
    )
    password = PasswordField(
        _l("Starting password"),
        validators=[
            DataRequired(message=_l("Enter a password.")),
            Length(min=10, max=200, message=_l("The password must be 10–200 characters long.")),
        ],
    )
    submit = SubmitField(_l("Create the account"))


class SkillForm(BaseForm):
    """A new term of the skill vocabulary."""

    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(message=_l("Enter a code.")),
            Regexp(r"^[a-z0-9_]+$", message=_l("Use lowercase letters, digits and _.")),
            _max(40),
        ],
    )
    name_fi = StringField(
        _l("Name in Finnish"), validators=[DataRequired(_l("Enter the name.")), _max(80)]
    )
    name_sv = StringField(
        _l("Name in Swedish"), validators=[DataRequired(_l("Enter the name.")), _max(80)]
    )
    name_en = StringField(
        _l("Name in English"), validators=[DataRequired(_l("Enter the name.")), _max(80)]
    )
    submit = SubmitField(_l("Add the skill"))


class BulkPlacementForm(BaseForm):
    """Confirm some or all proposed placements ("shift:assistant" per ticked row)."""

    pairs = SelectMultipleField(
        _l("Placements to confirm"), choices=[], validate_choice=False, coerce=str
    )
    acknowledge = BooleanField(_l("I have read the warnings and proceed (recorded)"))
    submit = SubmitField(_l("Confirm the ticked placements"))

    def validate_pairs(self, field) -> None:
        """Each value is two ids; at least one ticked."""
        if not field.data:
            raise ValidationError(_l("Choose at least one placement to confirm."))
        for value in field.data:
            shift_id, _sep, assistant_id = value.partition(":")
            if not (shift_id.isdigit() and assistant_id.isdigit()):
                raise ValidationError(_l("Choose at least one placement to confirm."))

    def chosen(self) -> list[tuple[int, int]]:
        """The ticked (shift, assistant) pairs."""
        pairs = [value.split(":") for value in self.pairs.data]
        return [(int(shift_id), int(assistant_id)) for shift_id, assistant_id in pairs]

    def relations(self, formdata) -> dict[int, str]:
        """Each ticked row's "relation-<shift id>" answer ("" = not a relative)."""
        return {
            shift_id: formdata.get(f"relation-{shift_id}", "") for shift_id, _a in self.chosen()
        }
