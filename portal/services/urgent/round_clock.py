"""The clock of an offer round: response windows, the night hold, the night's single wave.

A window is shorter when the start is near (ROUND_WINDOWS). At night (ROUND_NIGHT_HOURS)
a wave's window runs from waking, and a shift that starts before the morning gets one
wave before the coordinators hear of it.
"""

from datetime import datetime, time, timedelta

from flask import current_app
from sqlalchemy import select

from portal.extensions import db
from portal.models import Offer, OfferRound, Shift
from portal.services.urgent import wave_plan
from portal.timeutil import local_to_utc, to_local

BASELINE_HOLD_AFTER_WAKE = timedelta(hours=2)  # broadcast/sequential: as measured before
TIERED_HOLD_AFTER_WAKE = timedelta(minutes=1)
"""A tiered night wave for a shift starting after the morning waits for the morning: its
window runs from waking. With 2 hours (as before), a shift starting 07-09 escalated at
night through ROUND_MAX_OFFERS sleeping people, who then all answered at once at 07:00."""


def window_minutes(shift: Shift, now: datetime) -> int:
    """The response window: shorter when the shift starts soon (ROUND_WINDOWS)."""
    windows: tuple[int, ...] = current_app.config["ROUND_WINDOWS"]
    short, mid, day, later = windows
    lead = shift.starts_at - now
    if lead <= timedelta(hours=2):
        return short
    if lead <= timedelta(hours=6):
        return mid
    return day if lead <= timedelta(hours=12) else later


def night_hold_until(
    shift: Shift, now: datetime, after_wake: timedelta = BASELINE_HOLD_AFTER_WAKE
) -> datetime | None:
    """At night, a shift that starts `after_wake` or more after morning waits for it.

    Escalating through every tier while everyone sleeps only spends messages on people
    who will answer in the morning anyway; ROUND_NIGHT_HOURS sets the night (local).
    Tiered rounds hold for any shift starting after the morning (TIERED_HOLD_AFTER_WAKE);
    the baselines keep their 2 hours.
    """
    start, end = current_app.config["ROUND_NIGHT_HOURS"]
    local = to_local(now)
    if not (local.hour >= start or local.hour < end):
        return None
    wake_day = local.date() if local.hour < end else local.date() + timedelta(days=1)
    wake = local_to_utc(wake_day, time(end))
    return wake if shift.starts_at - wake >= after_wake else None


def wave_end(offer_round: OfferRound, now: datetime, minutes: int) -> datetime:
    """When this wave's window ends: after `minutes`, counted from waking at night.

    A tiered wave sized for a chance by the deadline needs awake minutes in its window;
    the baselines keep their old end (the night hold or the window, whichever is later).
    """
    shift = offer_round.shift
    if offer_round.strategy != "tiered":
        hold = night_hold_until(shift, now)
        return min(max(now + timedelta(minutes=minutes), hold or now), shift.starts_at)
    hold = night_hold_until(shift, now, TIERED_HOLD_AFTER_WAKE)
    return min((hold or now) + timedelta(minutes=minutes), shift.starts_at)


def silent_night(offer_round: OfferRound, now: datetime) -> bool:
    """Night until the start and nobody has answered: more waves would only wake people.

    A shift starting before the morning (no daytime minute left, ROUND_NIGHT_HOURS) gets
    one wave; silence at night says nothing about those asked, so when its window ends the
    coordinators are alerted instead of messaging wave after wave of sleeping people. The
    offers out stay answerable (an early riser's yes still fills the shift). Any answer
    shows people are awake: the round then goes on as by day.
    """
    if wave_plan.awake_before(offer_round.shift, now) > 0:
        return False
    answered = db.session.scalar(
        select(Offer.id).where(
            Offer.shift_id == offer_round.shift_id, Offer.answered_at.is_not(None)
        )
    )
    return answered is None and offer_round.wave >= 1
