"""The channels that hand a logged message over (email, SMS, in-app) and one attempt.

Every outgoing message is a DeliveryLog row; `attempt` tries it once through its channel
and records the result (sent, or failed with the reason and when to retry).
"""

import json
import smtplib
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

from flask import current_app

from portal.extensions import db
from portal.models import DeliveryLog, DeliveryState, Notification
from portal.notify.tokens import unsubscribe_url

DONE_STATES = ("sent", "answered")
DELIVERY = "delivery"  # the after-commit request that sends a logged message (tasks.py)


class DeliveryError(Exception):
    """A channel could not hand the message over; the reason is kept in the log."""


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
        try:
            message = self._build(log, config)
        except (ValueError, TypeError) as exc:  # e.g. a line break in a header: never a 500
            raise DeliveryError(f"message could not be built: {exc}"[:500]) from exc
        try:
            with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"{type(exc).__name__}: {exc}"[:500]) from exc

    def _build(self, log: DeliveryLog, config: Any) -> EmailMessage:
        message = EmailMessage()
        message["From"] = config["MAIL_SENDER"]
        message["To"] = log.address
        message["Subject"] = log.subject
        message["Date"] = format_datetime(log.created_at or datetime.now().astimezone())
        # One id per delivery, the same on every attempt: a resend after a crash is a
        # duplicate the receiving server can recognise, not a second message.
        message["Message-ID"] = message_id(log, config["MAIL_SENDER"])
        message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to us
        notification = db.session.get(Notification, log.notification_id or 0)
        if notification is not None:  # notifications can be turned off; a reset mail cannot
            message["List-Unsubscribe"] = f"<{unsubscribe_url(notification.user_id)}>"
            message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058
        message.set_content(log.body)
        return message


class SmsChannel:
    """SMS through an HTTP gateway: POST {"to", "text", "reference"} with a bearer key."""

    name = "sms"

    def send(self, log: DeliveryLog) -> None:
        """Hand one SMS to the gateway or raise DeliveryError."""
        config = current_app.config
        url = config["SMS_GATEWAY_URL"]
        if not url:
            raise DeliveryError("no SMS_GATEWAY_URL configured")
        if not url.startswith(("http://", "https://")):
            raise DeliveryError("SMS_GATEWAY_URL must be http(s)")
        payload = json.dumps({"to": log.address, "text": log.body, "reference": str(log.id)})
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            url,
            data=payload.encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {config['SMS_GATEWAY_KEY']}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                if response.status >= 300:
                    raise DeliveryError(f"gateway answered {response.status}")
        except urllib.error.HTTPError as exc:
            raise DeliveryError(f"gateway answered {exc.code}") from exc
        except (OSError, ValueError) as exc:
            raise DeliveryError(f"{type(exc).__name__}: {exc}"[:500]) from exc


class InAppChannel:
    """The Notification row is the message; nothing to hand over."""

    name = "inapp"

    def send(self, log: DeliveryLog) -> None:
        """In-app messages are delivered by being stored."""


def message_id(log: DeliveryLog, sender: str) -> str:
    """The Message-ID of one delivery: stable across its attempts."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "avustajatori.invalid"
    return f"<delivery-{log.id}@{domain}>"


CHANNELS = {c.name: c for c in (EmailChannel(), SmsChannel(), InAppChannel())}


def attempt(log: DeliveryLog, now: datetime) -> None:
    """Try one delivery; on failure record why and when to try again. Idempotent."""
    if log.state in DONE_STATES:
        return
    config = current_app.config
    log.attempts = (log.attempts or 0) + 1  # the column default applies only at flush
    try:
        CHANNELS[log.channel].send(log)
    except DeliveryError as exc:
        log.state, log.last_error = DeliveryState.FAILED, str(exc)[:500]
        if log.attempts >= config["DELIVERY_MAX_ATTEMPTS"]:
            log.next_attempt_at = None  # gave up: stays visible as failed, never silently lost
        else:
            delay = config["DELIVERY_RETRY_BASE_SECONDS"] * 2 ** (log.attempts - 1)
            log.next_attempt_at = now + timedelta(seconds=min(delay, 3600))
        current_app.logger.warning("delivery %s failed: %s", log.id, log.last_error)
    else:
        log.state, log.sent_at, log.last_error, log.next_attempt_at = (
            DeliveryState.SENT,
            now,
            "",
            None,
        )
    db.session.flush()
