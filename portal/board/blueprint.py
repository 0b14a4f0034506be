"""The board blueprint object, shared by its route modules."""

from flask import Blueprint
from flask_babel import gettext as _
from flask_login import current_user

from portal.board.forms import ALERT_FREQUENCY_LABELS
from portal.models import AlertFrequency, Role
from portal.services.board import messages

bp = Blueprint("board", __name__, template_folder="templates")


@bp.app_context_processor
def unread_chat():
    """Unread conversation messages, for the navigation link."""
    if not current_user.is_authenticated or current_user.role not in (
        Role.ASSISTANT,
        Role.EMPLOYER,
    ):
        return {"unread_chat": 0}
    return {"unread_chat": messages.unread_count(current_user)}


@bp.app_template_global()
def contact_state(state: str) -> str:
    """A contact request's state in words."""
    return {
        "pending": _("waiting for an answer"),
        "accepted": _("accepted"),
        "declined": _("declined"),
        "withdrawn": _("closed"),
    }.get(str(state), str(state))


@bp.app_template_global()
def frequency_label(frequency: str) -> str:
    """The alert frequency in words."""
    return str(ALERT_FREQUENCY_LABELS.get(AlertFrequency(frequency), frequency))
