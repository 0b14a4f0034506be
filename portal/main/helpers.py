"""Template helpers: phone links, locale-aware decimals and who may open a menu link."""

import re

from flask_babel import format_decimal

from portal.access import may_open
from portal.i18n import number


def tel_href(phone: str | None) -> str:
    """A tel: URL without spaces or punctuation (tel:+358403403894), as RFC 3966 wants."""
    digits = re.sub(r"[^0-9+]", "", phone or "")
    return "tel:" + (digits[0] + digits[1:].replace("+", "") if digits else "")


def decimal(value, places: int = 1) -> str:
    """A number with the page language's decimal sign (1,5 in Finnish and Swedish)."""
    if value is None:
        return "–"
    return format_decimal(value, format="#,##0." + "0" * places if places else "#,##0")


def init_app(bp) -> None:
    """Register the helpers on every page through the main blueprint."""
    bp.add_app_template_filter(tel_href)
    bp.add_app_template_filter(decimal)
    bp.add_app_template_filter(number)
    bp.add_app_template_global(may_open)
