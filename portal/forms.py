"""Base form: every text field is trimmed of control characters and NULs."""

import unicodedata

from flask_wtf import FlaskForm
from wtforms import FieldList, FormField

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


class BaseForm(FlaskForm):
    """All forms inherit the text cleaning filter."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            """Prepend the cleaning filter to every field (lists of sub-forms take none)."""
            if issubclass(unbound_field.field_class, FieldList | FormField):
                return unbound_field.bind(form=form, **options)
            filters = list(unbound_field.kwargs.get("filters", ()))
            options["filters"] = [clean_text, *filters]
            return unbound_field.bind(form=form, **options)


def attach_error(form, error, fallback: str | None = None) -> None:
    """Show a service's DomainError on its field, else on `fallback` or the first field."""
    names = [name for name in form._fields if name != "csrf_token"]
    name = error.field if error.field in names else (fallback or names[0])
    form[name].errors = [*form[name].errors, error.message]
