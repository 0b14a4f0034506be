"""Base form (text cleaned of control characters) and the one shape of a form route."""

import unicodedata
from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, StringField, TextAreaField
from wtforms.validators import ValidationError

from portal.extensions import db
from portal.services.errors import DomainError
from portal.validation import FormTranslations

_ALLOWED_CONTROLS = {"\n", "\t"}


def clean_text(value):
    """NFC-normalise and drop control characters (NUL breaks PostgreSQL)."""
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n"))
    return "".join(
        ch
        for ch in value
        if ch in _ALLOWED_CONTROLS or unicodedata.category(ch) not in {"Cc", "Cs"}
    )


def one_line(form: Any, field: Any) -> None:
    """A single-line field takes no line breaks or tabs (they would break email headers)."""
    if isinstance(field.data, str) and ("\n" in field.data or "\t" in field.data):
        raise ValidationError(_l("Write this on one line."))


class DateWithin:
    """A date (or date and time) between two years: the ends of the calendar overflow
    every conversion to UTC and are never what anyone meant."""

    def __init__(self, first_year: int = 2000, last_year: int = 2100) -> None:
        self.first_year, self.last_year = first_year, last_year

    def __call__(self, form: Any, field: Any) -> None:
        """Refuse a date outside the years, with the years in the message."""
        if field.data is not None and not self.first_year <= field.data.year <= self.last_year:
            raise ValidationError(
                _l(
                    "Give a date between %(first)s and %(last)s.",
                    first=self.first_year,
                    last=self.last_year,
                )
            )


class BaseForm(FlaskForm):
    """All forms inherit the text cleaning filter."""

    class Meta:
        def get_translations(self, form):
            """WTForms' own messages come from our catalogue, in the page's language."""
            return FormTranslations()

        def bind_field(self, form, unbound_field, options):
            """Prepend the cleaning filter to every field; single-line fields stay one line.

            Lists of sub-forms take no filters (WTForms refuses them).
            """
            if issubclass(unbound_field.field_class, FieldList | FormField):
                return unbound_field.bind(form=form, **options)
            filters = list(unbound_field.kwargs.get("filters", ()))
            options["filters"] = [clean_text, *filters]
            kind = unbound_field.field_class
            if issubclass(kind, StringField) and not issubclass(kind, TextAreaField):
                validators = list(unbound_field.kwargs.get("validators", None) or ())
                if len(unbound_field.args) > 1:  # validators given by position
                    validators = list(unbound_field.args[1] or ())
                    unbound_field.args = (unbound_field.args[0], [one_line, *validators])
                else:
                    options["validators"] = [one_line, *validators]
            return unbound_field.bind(form=form, **options)


class ActionForm(BaseForm):
    """A bare POST (confirm, cancel, withdraw, answer …) protected by CSRF."""


def attach_error(form, error, fallback: str | None = None) -> None:
    """Show a service's DomainError on its field, else on `fallback` or the first field."""
    names = [name for name in form._fields if name != "csrf_token"]
    name = error.field if error.field in names else (fallback or names[0])
    form[name].errors = [*form[name].errors, error.message]


def submit_form(
    form: Any,
    action: Callable[[], Any],
    *,
    success: str,
    redirect_to: str | Callable[[Any], str],
    page: Callable[[], str],
    fallback: str | None = None,
) -> ResponseReturnValue:
    """The one shape of a form route: validate, call the service, commit, flash, redirect.

    On a DomainError the transaction is rolled back (nothing half-written stays), its
    message is shown on its field and the page is rendered again with the error's status
    (400, 409 …; a not-found is a 404 page). An invalid form re-renders with 400.
    """
    if form.validate_on_submit():
        try:
            result = action()
        except DomainError as error:
            db.session.rollback()
            if error.status_code == 404:
                abort(404)
            attach_error(form, error, fallback)
            return page(), error.status_code
        db.session.commit()
        flash(success, "success")
        return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)
    return page(), 400 if form.is_submitted() else 200


def submit_action(
    action: Callable[[], Any], *, success: str, redirect_to: str
) -> ResponseReturnValue:
    """The one shape of a button route (a form with only its CSRF token).

    Valid → call the service, commit, flash, redirect. A DomainError rolls back and its
    message is flashed on the page the user returns to (a not-found is a 404 page).
    """
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        action()
    except DomainError as error:
        db.session.rollback()
        if error.status_code == 404:
            abort(404)
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(success, "success")
    return redirect(redirect_to)
