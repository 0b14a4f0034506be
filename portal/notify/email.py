"""Email over SMTP, or into the demo outbox when no mail server is configured."""

import smtplib
from email.message import EmailMessage

from flask import current_app

from portal.extensions import db
from portal.models import DeliveryLog, utcnow


class DeliveryError(Exception):
    """A channel could not hand the message over; the reason is kept in the log."""


def send_email(to: str, subject: str, body: str, notification_id: int | None = None) -> DeliveryLog:
    """Send one plain-text email now and log the delivery; a failure is retried later."""
    from portal.notify import dispatch

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
    db.session.flush()
    dispatch.attempt(log, utcnow())
    return log


def deliver_email(log: DeliveryLog) -> None:
    """Try one delivery of a logged email, updating its state (kept for older callers)."""
    from portal.notify import dispatch

    dispatch.attempt(log, utcnow())


class EmailChannel:
    """SMTP; with no MAIL_SERVER and DEMO_OUTBOX on, the outbox page is the 'server'."""

    name = "email"

    def send(self, log: DeliveryLog) -> None:
        """Hand one email to the SMTP server or raise DeliveryError."""
        config = current_app.config
        if not config["MAIL_SERVER"]:
            if config["DEMO_OUTBOX"]:
                return  # shown on the demo outbox page
            raise DeliveryError("no MAIL_SERVER configured")
        message = EmailMessage()
        message["From"] = config["MAIL_SENDER"]
        message["To"] = log.address
        message["Subject"] = log.subject
        message.set_content(log.body)
        try:
            with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"{type(exc).__name__}: {exc}"[:500]) from exc
