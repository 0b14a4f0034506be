"""Tell a user about a staff decision: in-app notification and email, in their language."""

from collections.abc import Callable

from flask_babel import force_locale

from portal.extensions import db
from portal.models import Notification, User
from portal.notify.email import send_email


def tell(user: User, kind: str, compose: Callable[[], tuple[str, str]], url: str = "") -> None:
    """Compose (subject, body) in the user's locale, store it in-app and email it."""
    if user.erased_at is not None:
        return
    with force_locale(user.locale or "fi"):
        subject, body = compose()
    note = Notification(user_id=user.id, kind=kind, subject=subject[:200], body=body, url=url)
    db.session.add(note)
    db.session.flush()
    send_email(user.email, subject[:200], body, notification_id=note.id)
