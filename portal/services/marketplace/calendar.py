"""The assistant's personal iCal feed at a secret, revocable URL."""

import secrets
from datetime import timedelta

from icalendar import Calendar, Event
from sqlalchemy import select

from portal.extensions import db
from portal.models import AssistantProfile, Booking, User, utcnow
from portal.services.marketplace.profiles import assistant_profile

FEED_PAST = timedelta(days=90)


def new_token(assistant: User) -> str:
    """Make (or replace) the feed's secret; the old URL stops working at once."""
    profile = assistant_profile(assistant)
    profile.calendar_token = secrets.token_urlsafe(32)
    db.session.flush()
    return profile.calendar_token


def revoke_token(assistant: User) -> None:
    """Turn the feed off."""
    assistant_profile(assistant).calendar_token = None
    db.session.flush()


def feed(token: str, public_url: str) -> bytes | None:
    """The iCal text of the assistant's bookings, or None for an unknown token."""
    if not token or len(token) > 64:
        return None
    profile = db.session.scalar(
        select(AssistantProfile).where(AssistantProfile.calendar_token == token)
    )
    if profile is None:
        return None
    calendar = Calendar()
    calendar.add("prodid", "-//Avustajatori//fi")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Avustajatori")
    rows = db.session.scalars(
        select(Booking).where(
            Booking.assistant_id == profile.user_id,
            Booking.cancelled_at.is_(None),
            Booking.ends_at > utcnow() - FEED_PAST,
        )
    )
    for booking in rows:
        shift = booking.shift
        event = Event()
        event.add("uid", f"booking-{booking.id}@avustajatori")
        event.add("summary", shift.title)
        event.add("dtstart", booking.starts_at)
        event.add("dtend", booking.ends_at)
        event.add("dtstamp", booking.confirmed_at)
        event.add("location", f"{shift.postcode} {shift.place.place_name}")
        event.add("url", f"{public_url.rstrip('/')}/vuorot/{shift.id}")
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
