"""The board blueprint object, shared by its route modules."""

from flask import Blueprint
from flask_login import current_user

from portal.models import Role
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
