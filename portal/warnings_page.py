"""The page that shows a service's warnings and asks to tick and submit again."""

from flask import render_template, request
from flask_babel import lazy_gettext as _l

from portal.services.positions.warnings import WarningsPending

ACKNOWLEDGE = _l("I have read the warnings and want to proceed")
TRIP_END = _l("End date of a trip (only for work over 24 hours, up to 14 days)")


def acknowledged() -> bool:
    """The user ticked 'I have read the warnings' on the warnings page."""
    return request.form.get("acknowledge") == "y"


def warnings_page(error: WarningsPending, action: str, back: str, hidden: dict | None = None):
    """Render the warnings with a tick box that posts back to `action` (409)."""
    page = render_template(
        "warnings.html", error=error, action=action, back=back, hidden=hidden or {}
    )
    return page, error.status_code
