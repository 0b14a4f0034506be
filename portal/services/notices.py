"""Tell a user something: an in-app Notification row plus an email, in their language."""

from flask_babel import force_locale

from portal.extensions import db
from portal.models import Notification, User
from portal.notify.email import send_email


def notify(user: User, kind: str, subject, body, url: str = "") -> Notification:
    """Write the notification and send the email; subject/body are callables for the locale."""
    with force_locale(user.locale or "fi"):
        subject_text, body_text = str(subject()), str(body())
    notice = Notification(user_id=user.id, kind=kind, subject=subject_text, body=body_text, url=url)
    db.session.add(notice)
    db.session.flush()
    send_email(user.email, subject_text, body_text, notification_id=notice.id)
    return notice
