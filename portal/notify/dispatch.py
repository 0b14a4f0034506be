"""One interface for all channels: store a notification, log and deliver each message.

Every outgoing message is a DeliveryLog row (queued → sent | failed with reason →
answered). Sending happens in a task after the surrounding transaction commits; a failed
send gets `next_attempt_at` with exponential backoff and the periodic sweeper re-sends
anything due, so a crashed worker loses nothing and a `sent` row is never sent again.
"""

from collections.abc import Callable
from datetime import datetime, time, timedelta

from flask import current_app
from flask_babel import force_locale

from portal import aftercommit
from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import (
    AlertFrequency,
    DeliveryLog,
    DeliveryState,
    MessagePrefs,
    Notification,
    User,
    utcnow,
)
from portal.notify.channels import DELIVERY
from portal.notify.tokens import unsubscribe_url
from portal.timeutil import local_to_utc, to_local


def prefs_for(user_id: int) -> MessagePrefs:
    """The user's message preferences, or the defaults (not stored) when unset."""
    prefs = db.session.get(MessagePrefs, user_id)
    if prefs is None:
        prefs = MessagePrefs(
            user_id=user_id,
            inapp=True,
            email=True,
            sms=False,
            quiet_start=22,
            quiet_end=7,
            alert_frequency=AlertFrequency.DAILY,
        )
        prefs.night_urgent = False
    return prefs


def in_quiet_hours(prefs: MessagePrefs, now: datetime) -> bool:
    """True when `now` (local time) falls in the user's quiet hours."""
    hour = to_local(now).hour
    start, end = prefs.quiet_start, prefs.quiet_end
    if start == end:
        return False
    return start <= hour < end if start < end else hour >= start or hour < end


def quiet_end(prefs: MessagePrefs, now: datetime) -> datetime | None:
    """When the user's quiet hours end, if `now` is inside them (else None)."""
    if not in_quiet_hours(prefs, now):
        return None
    local = to_local(now)
    day = local.date() if local.hour < prefs.quiet_end else local.date() + timedelta(days=1)
    return local_to_utc(day, time(prefs.quiet_end))


def sms_allowed(prefs: MessagePrefs, now: datetime, starts_at: datetime | None) -> bool:
    """SMS only outside quiet hours, or at night for a shift soon when the user opted in."""
    if not prefs.sms:
        return False
    if not in_quiet_hours(prefs, now):
        return True
    soon = timedelta(hours=current_app.config["QUIET_HOURS_URGENT_WITHIN_HOURS"])
    return bool(prefs.night_urgent and starts_at is not None and starts_at - now <= soon)


def notify(
    user: User,
    kind: str,
    subject: str,
    body: str,
    now: datetime,
    *,
    url: str = "",
    sms_text: str = "",
    offer_id: int | None = None,
    starts_at: datetime | None = None,
    hold_in_quiet_hours: bool = False,
) -> Notification:
    """Store an in-app notification and queue email/SMS per the user's preferences.

    With hold_in_quiet_hours, an email due in the user's quiet hours waits until they end
    (the sweeper sends it then).
    """
    prefs = prefs_for(user.id)
    note = Notification(
        user_id=user.id, kind=kind, subject=subject[:200], body=body, url=url, created_at=now
    )
    db.session.add(note)
    db.session.flush()
    logs = []
    if prefs.inapp:  # stored is delivered: written once, as sent (no attempt to make)
        inapp = DeliveryLog(channel="inapp", address=str(user.id), subject=note.subject)
        inapp.state, inapp.attempts, inapp.sent_at = DeliveryState.SENT, 1, now
        logs.append(inapp)
    if prefs.email and prefs.email_unsubscribed_at is None and user.email:
        logs.append(
            DeliveryLog(
                channel="email",
                address=user.email,
                subject=note.subject,
                body=body + _email_link(user, url, body) + _email_footer(user),
            )
        )
    if sms_text and user.phone and sms_allowed(prefs, now, starts_at):
        logs.append(DeliveryLog(channel="sms", address=user.phone, body=sms_text[:300]))
    held_until = quiet_end(prefs, now) if hold_in_quiet_hours else None
    for log in logs:
        log.notification_id, log.offer_id, log.created_at = note.id, offer_id, now
        if log.channel != "inapp":
            log.next_attempt_at = held_until if held_until and log.channel == "email" else now
        db.session.add(log)
    db.session.flush()
    for log in logs:
        if log.next_attempt_at is not None and log.next_attempt_at <= now:
            queue(log)
    return note


def _email_link(user: User, url: str, body: str) -> str:
    """The page the message is about, as an absolute link (unless the text already has it)."""
    if not url:
        return ""
    base = str(current_app.config["PUBLIC_URL"]).rstrip("/")
    link = url if url.startswith("http") else base + url
    if link in body:
        return ""
    with force_locale(user.locale or "fi"):
        return "\n\n" + _("Open in Avustajatori: %(link)s", link=link)


def _email_footer(user: User) -> str:
    """Every email ends with a one-click unsubscribe link."""
    with force_locale(user.locale or "fi"):
        link = unsubscribe_url(user.id)
        return "\n\n-- \n" + _("Stop these emails: %(link)s", link=link)


def queue(log: DeliveryLog) -> None:
    """Send this delivery in a task once the current transaction has committed."""
    aftercommit.request(db.session, DELIVERY, log.id)


def tell(user: User, kind: str, compose: Callable[[], tuple[str, str]], url: str = "") -> None:
    """Compose (subject, body) in the user's language, then notify() them (nothing if erased)."""
    if user.erased_at is not None:
        return
    with force_locale(user.locale or "fi"):
        subject, body = compose()
    notify(user, kind, str(subject), str(body), utcnow(), url=url)


def send_email(address: str, subject: str, body: str, now: datetime) -> DeliveryLog:
    """Queue one transactional email (a password reset) that is not a notification.

    It bypasses the preferences on purpose: the user asked for it just now.
    """
    log = DeliveryLog(
        channel="email", address=address, subject=subject[:200], body=body, created_at=now
    )
    log.next_attempt_at = now
    db.session.add(log)
    db.session.flush()
    queue(log)
    return log
