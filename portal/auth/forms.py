"""Sign-up, sign-in and password forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    Regexp,
)

from portal.forms import BaseForm

PASSWORD_RULES = [
    DataRequired(message=_l("Enter a password.")),
    Length(min=10, max=200, message=_l("The password must be 10–200 characters long.")),
]


class RegisterForm(BaseForm):
    """New assistant or employer; the user agreement must be accepted."""

    role = RadioField(
        _l("I am"),
        choices=[
            SelectChoice("assistant", _l("an assistant looking for work")),
            SelectChoice("employer", _l("an employer or a substitute employer")),
        ],
        validators=[
            InputRequired(message=_l("Choose whether you are an assistant or an employer."))
        ],
    )
    first_name = StringField(
        _l("First name"),
        validators=[
            DataRequired(message=_l("Enter your first name.")),
            Length(max=80, message=_l("At most %(max)d characters.")),
        ],
    )
    last_name = StringField(
        _l("Last name"),
        validators=[
            DataRequired(message=_l("Enter your last name.")),
            Length(max=80, message=_l("At most %(max)d characters.")),
        ],
    )
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(message=_l("Enter your email address.")),
            Length(max=254, message=_l("At most %(max)d characters.")),
            Email(
                message=_l("Enter a valid email address, like name@example.fi."),
                check_deliverability=False,
            ),
        ],
    )
    phone = StringField(
        _l("Phone (optional)"),
        validators=[
            Optional(),
            Length(max=40, message=_l("At most %(max)d characters.")),
            Regexp(
                r"^\+?[0-9(][0-9 ()-]{4,}$",
                message=_l(
                    "Enter a phone number in digits, like 040 123 4567 or +358 40 123 4567."
                ),
            ),
        ],
    )
    password = PasswordField(_l("Password (at least 10 characters)"), validators=PASSWORD_RULES)
    confirm = PasswordField(
        _l("Password again"),
        validators=[EqualTo("password", message=_l("The passwords do not match."))],
    )
    agree = BooleanField(
        _l("I have read and accept the user agreement of the HAVU centre"),
        validators=[DataRequired(message=_l("You must accept the user agreement to register."))],
    )
    submit = SubmitField(_l("Register"))


class LoginForm(BaseForm):
    """Email and password."""

    email = EmailField(
        _l("Email"),
        validators=[DataRequired(message=_l("Enter your email address.")), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Enter your password.")), Length(max=200)],
    )
    submit = SubmitField(_l("Sign in"))


class ChangePasswordForm(BaseForm):
    """Current password and a new one."""

    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password.")), Length(max=200)],
    )
    password = PasswordField(_l("New password (at least 10 characters)"), validators=PASSWORD_RULES)
    confirm = PasswordField(
        _l("New password again"),
        validators=[EqualTo("password", message=_l("The passwords do not match."))],
    )
    submit = SubmitField(_l("Change password"))


class ForgotPasswordForm(BaseForm):
    """Ask for a reset link."""

    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(message=_l("Enter your email address.")),
            Length(max=254),
            Email(
                message=_l("Enter a valid email address, like name@example.fi."),
                check_deliverability=False,
            ),
        ],
    )
    submit = SubmitField(_l("Send the reset link"))


class ResetPasswordForm(BaseForm):
    """Choose a new password from a reset link."""

    password = PasswordField(_l("New password (at least 10 characters)"), validators=PASSWORD_RULES)
    confirm = PasswordField(
        _l("New password again"),
        validators=[EqualTo("password", message=_l("The passwords do not match."))],
    )
    submit = SubmitField(_l("Set the new password"))
