"""The demo's marketplace story: README accounts can try every flow in a browser.

Aino (assistant, Kemi) finds Erkki's open shift in Tervola under "Shifts for me" and can
apply; Erkki sees ranked candidates and Aino's application; last week Aino worked for
Erkki, so both can confirm that shift and rate each other; Sanna has invited Mikko.
"""

from datetime import date, time, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AssistantProfile,
    AvailabilityWindow,
    Booking,
    Offer,
    OfferSource,
    OfferState,
    Shift,
    ShiftKind,
    ShiftState,
    User,
)
from portal.timeutil import local_span_to_utc

AINO = "aino.avustaja@demo.avustajatori.fi"
MIKKO = "mikko.avustaja@demo.avustajatori.fi"
ERKKI = "erkki.tyonantaja@demo.avustajatori.fi"
SANNA = "sanna.sijaistyonantaja@demo.avustajatori.fi"


def _user(email: str) -> User:
    return db.session.execute(select(User).where(User.email == email)).scalar_one()


def _free(assistant_id: int, starts, ends) -> bool:
    clash = db.session.scalar(
        select(Booking.id).where(
            Booking.assistant_id == assistant_id,
            Booking.cancelled_at.is_(None),
            Booking.starts_at < ends,
            Booking.ends_at > starts,
        )
    )
    return clash is None


def _shift(employer: User, day: date, start: time, end: time, title: str, state) -> Shift:
    starts, ends = local_span_to_utc(day, start, end)
    shift = Shift(
        employer_id=employer.id,
        kind=ShiftKind.ONE_OFF,
        state=state,
        title=title,
        description="Asiointia ja ulkoilua, kauppareissu Kemiin.",
        starts_at=starts,
        ends_at=ends,
        postcode="95300",
        languages="fi",
    )
    db.session.add(shift)
    db.session.flush()
    return shift


def load_story(today: date) -> None:
    """Add the story's rows (called once, inside load_demo)."""
    aino, mikko, erkki, sanna = (_user(e) for e in (AINO, MIKKO, ERKKI, SANNA))
    profile = db.session.get_one(AssistantProfile, aino.id)
    profile.max_travel_km = 80.0  # Kemi–Tervola is about 50 road km
    profile.windows.append(AvailabilityWindow(weekday=5, start_min=8 * 60, end_min=20 * 60))
    # Two open shifts for Aino: on the next two weekdays, inside her 07–15 window.
    day = today + timedelta(days=2)
    opened = 0
    while opened < 2:
        if day.weekday() < 5:
            _shift(erkki, day, time(9), time(13), "Asiointiapu Tervolassa", ShiftState.OPEN)
            opened += 1
        day += timedelta(days=1)
    # Last week Aino worked for Erkki: both can confirm it and rate each other.
    for back in range(5, 14):
        day = today - timedelta(days=back)
        starts, ends = local_span_to_utc(day, time(17), time(20))
        if _free(aino.id, starts, ends):
            past = _shift(erkki, day, time(17), time(20), "Iltavuoro Tervolassa", ShiftState.FILLED)
            db.session.add(
                Booking(shift_id=past.id, assistant_id=aino.id, starts_at=starts, ends_at=ends)
            )
            db.session.add(
                Offer(
                    shift_id=past.id,
                    assistant_id=aino.id,
                    source=OfferSource.APPLICATION,
                    state=OfferState.CONFIRMED,
                )
            )
            break
    # Sanna invites Mikko to a shift in Tornio.
    starts, ends = local_span_to_utc(today + timedelta(days=3), time(16), time(20))
    invited = Shift(
        employer_id=sanna.id,
        kind=ShiftKind.ONE_OFF,
        state=ShiftState.OPEN,
        title="Harrastusapu Torniossa",
        description="Uimahalli ja kauppa.",
        starts_at=starts,
        ends_at=ends,
        postcode="95420",
        languages="fi",
    )
    db.session.add(invited)
    db.session.flush()
    db.session.add(
        Offer(
            shift_id=invited.id,
            assistant_id=mikko.id,
            source=OfferSource.INVITATION,
            state=OfferState.OFFERED,
        )
    )
    db.session.flush()
