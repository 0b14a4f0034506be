"""The offers blueprint object, shared by its route modules."""

from flask import Blueprint

from portal.models import OfferState, RoundState

bp = Blueprint("offers", __name__, template_folder="templates")


@bp.app_context_processor
def unread_messages():
    """The signed-in user's unread count, for the inbox link in the navigation."""
    from flask_login import current_user

    from portal.services.urgent import inbox

    if not current_user.is_authenticated:
        return {"unread_messages": 0}
    return {"unread_messages": inbox.unread_count(current_user)}


@bp.app_template_global()
def state_label(state: str) -> str:
    """An offer state in words (the words live on OfferState)."""
    return _label_of(OfferState, state)


@bp.app_template_global()
def round_state_label(state: str) -> str:
    """A round state in words (the words live on RoundState)."""
    return _label_of(RoundState, state)


def _label_of(enum_class, value) -> str:
    try:
        return enum_class(value).label
    except ValueError:
        return str(value)
