"""The in-app inbox and a user's message preferences."""

from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select, update

from portal.extensions import db
from portal.models import MessagePrefs, Notification, Offer, OfferState, User
from portal.notify.dispatch import prefs_for
from portal.timeutil import local_to_utc, to_local


def unread_count(user: User) -> int:
    """How many in-app notifications the user has not read."""
    return db.session.execute(
        select(func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    ).scalar_one()


def messages(user: User, limit: int = 100) -> list[Notification]:
    """The user's notifications, newest first."""
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.id.desc())
            .limit(limit)
        )
    )


def mark_all_read(user: User, now: datetime) -> None:
    """Mark every notification of the user read."""
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=now)
    )


def offers_for(user: User) -> list[Offer]:
    """The assistant's urgent offers, open ones first then newest."""
    rows = db.session.scalars(
        select(Offer)
        .where(Offer.assistant_id == user.id, Offer.source == "round")
        .order_by(Offer.id.desc())
        .limit(50)
    )
    return sorted(rows, key=lambda o: o.state != OfferState.OFFERED)


def save_prefs(user: User, data: dict[str, Any], now: datetime) -> MessagePrefs:
    """Store channels, quiet hours, night opt-in and 'no more offers today'."""
    prefs = db.session.get(MessagePrefs, user.id)
    if prefs is None:
        prefs = prefs_for(user.id)
        db.session.add(prefs)
    for name in ("inapp", "email", "sms", "quiet_start", "quiet_end", "night_urgent"):
        setattr(prefs, name, data[name])
    if data.get("alert_frequency"):
        prefs.alert_frequency = data["alert_frequency"]
    if data["email"]:
        prefs.email_unsubscribed_at = None
    if data["pause_today"]:
        tomorrow = to_local(now).date() + timedelta(days=1)
        prefs.paused_until = local_to_utc(tomorrow, time(0))
    elif prefs.paused_until is not None and prefs.paused_until > now:
        prefs.paused_until = None
    db.session.flush()
    return prefs


def user_by_id(user_id: int) -> User | None:
    """A user by id (an unsubscribe link names them; the signature is the permission)."""
    return db.session.get(User, user_id)


def unsubscribe_email(user_id: int, now: datetime) -> bool:
    """One-click unsubscribe from email; False for an unknown user."""
    if db.session.get(User, user_id) is None:
        return False
    prefs = db.session.get(MessagePrefs, user_id)
    if prefs is None:
        prefs = prefs_for(user_id)
        db.session.add(prefs)
    prefs.email, prefs.email_unsubscribed_at = False, now
    db.session.flush()
    return True
