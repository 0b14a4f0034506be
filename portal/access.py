"""One decorator for who may open a route; every route declares its rule."""

from functools import wraps

from flask import abort, render_template
from flask_login import current_user

from portal.models import Role, Status


def public(view):
    """Mark a route as open to everyone, signed in or not."""
    view.access_rule = "public"
    return view


def role_required(*roles: Role, approved: bool = False):
    """Allow signed-in users with one of `roles` (any role when none given).

    With approved=True the user must also be approved by a coordinator: pending
    users may fill in their profile but not post, apply or answer offers.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                from portal.extensions import login_manager

                return login_manager.unauthorized()
            if roles and current_user.role not in roles:
                abort(403)
            if approved and current_user.status != Status.APPROVED:
                return render_template("errors/not_approved.html"), 403
            return view(*args, **kwargs)

        # functools.wraps returns a typed wrapper with no room for our marker attribute
        wrapped.access_rule = ("roles", tuple(roles) or "any", approved)  # type: ignore[attr-defined]
        return wrapped

    return decorator


STAFF = (Role.COORDINATOR, Role.ADMIN)


def may_open(endpoint: str) -> bool:
    """Whether the current user passes the access rule `endpoint` declares (for menus)."""
    from flask import current_app

    view = current_app.view_functions.get(endpoint)
    rule = getattr(view, "access_rule", None)
    if rule == "public":
        return True
    if rule is None or not current_user.is_authenticated:
        return False
    _, roles, approved = rule
    if roles != "any" and current_user.role not in roles:
        return False
    return not approved or current_user.status == Status.APPROVED
