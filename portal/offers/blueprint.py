"""The offers blueprint object, shared by its route modules."""

from flask import Blueprint

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
    """An offer state in words."""
    from flask_babel import gettext as _

    return {
        "offered": _("waiting for answer"),
        "accepted": _("said yes"),
        "declined": _("said no"),
        "expired": _("no answer"),
        "confirmed": _("confirmed"),
        "filled_elsewhere": _("filled by someone else"),
        "cancelled": _("cancelled"),
        "withdrawn": _("withdrawn"),
        "applied": _("applied"),
    }.get(str(state), str(state))


@bp.app_template_global()
def round_state_label(state: str) -> str:
    """A round state in words."""
    from flask_babel import gettext as _

    return {
        "running": _("asking assistants"),
        "waiting_pick": _("waiting for your pick"),
        "filled": _("filled"),
        "stopped": _("stopped"),
        "exhausted": _("nobody found, coordinators alerted"),
    }.get(str(state), str(state))
