"""Email over SMTP, or into the demo outbox when no mail server is configured."""

import smtplib
from email.message import EmailMessage

from flask import current_app

from portal.extensions import db
from portal.models import DeliveryLog, utcnow


def send_email(to: str, subject: str, body: str, notification_id: int | None = None) -> DeliveryLog:
    """Send one plain-text email now and log the delivery; a failure is logged, not raised."""
    log = DeliveryLog(
        notification_id=notification_id,
        channel="email",
        address=to,
        subject=subject,
        body=body,
        attempts=0,  # column defaults apply only at INSERT; deliver_email counts up first
        state="queued",
    )
    db.session.add(log)
    deliver_email(log)
    db.session.flush()
    return log


def deliver_email(log: DeliveryLog) -> None:
    """Try one delivery of a logged email, updating its state."""
    config = current_app.config
    log.attempts = (log.attempts or 0) + 1  # the column default applies only at flush
    if not config["MAIL_SERVER"]:
        if not config["DEMO_OUTBOX"]:
            log.state, log.last_error = "failed", "no MAIL_SERVER configured"
            return
        log.state, log.sent_at = "sent", utcnow()  # kept in the demo outbox page
        return
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = log.address
    message["Subject"] = log.subject
    message.set_content(log.body)
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.state, log.last_error = "failed", f"{type(exc).__name__}: {exc}"[:500]
        current_app.logger.warning("email delivery %s failed: %s", log.id, type(exc).__name__)
        return
    log.state, log.sent_at, log.last_error = "sent", utcnow(), ""
