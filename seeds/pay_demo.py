"""The demo's hours and pay: wages, payers, and timesheets recorded and approved.

Erkki pays his assistants 14,75 €/h and has 60 h a month granted; Aino has worked for him
in the current pay period: two shifts approved, one recorded and waiting, so both can
see the sheet, approve and export it. Tornio's payer has its own due days (18th and 3rd).
"""

from datetime import date, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Booking,
    EmployerProfile,
    Offer,
    OfferSource,
    OfferState,
    Payer,
    ShiftState,
)
from portal.services.pay import timesheets
from portal.services.pay.periods import period_for
from portal.timeutil import local_span_to_utc, local_to_utc
from seeds.marketplace_story import AINO, ERKKI, SANNA, _free, _shift, _user

TORNIO = "851"


def _payers() -> None:
    if db.session.scalar(select(Payer).where(Payer.is_default.is_(True))) is None:
        db.session.add(Payer(name="Helsinki 2016 / Espoo", is_default=True))
    db.session.add(
        Payer(name="Tornio", municipality_code=TORNIO, first_due_day=18, second_due_day=3)
    )
    db.session.flush()


def _open_days(employer_id: int, today: date) -> list[date]:
    """The last ten days whose pay period still takes hours (its due day is ahead)."""
    days = [today - timedelta(days=back) for back in range(1, 11)]
    return [d for d in days if period_for(employer_id, d).due > today]


def load_pay_demo(today: date) -> None:
    """Add the hours-and-pay rows (called once, inside load_demo)."""
    _payers()
    aino, erkki, sanna = (_user(e) for e in (AINO, ERKKI, SANNA))
    for user, wage, hours in ((erkki, "14.75", "60"), (sanna, "15.20", "120")):
        profile = db.session.get(EmployerProfile, user.id)
        if profile is None:
            continue
        profile.hourly_wage, profile.monthly_hours = Decimal(wage), Decimal(hours)
    db.session.flush()
    now = local_to_utc(today, time(7))  # deterministic: the demo loads the same every time
    done = 0
    for day in _open_days(erkki.id, today):
        starts, ends = local_span_to_utc(day, time(15), time(21))
        if done == 3 or not _free(aino.id, starts, ends):
            continue
        shift = _shift(erkki, day, time(15), time(21), "Iltapäivä ja ilta", ShiftState.FILLED)
        booking = Booking(shift_id=shift.id, assistant_id=aino.id, starts_at=starts, ends_at=ends)
        db.session.add(booking)
        db.session.add(
            Offer(
                shift_id=shift.id,
                assistant_id=aino.id,
                source=OfferSource.INVITATION,
                state=OfferState.CONFIRMED,
            )
        )
        db.session.flush()
        sheet = timesheets.record(
            aino,
            booking.id,
            start=starts,
            end=ends + timedelta(minutes=15 * done),
            break_minutes=30,
            now=now,
        )
        if done < 2:
            timesheets.approve(erkki, sheet.id, now)
        done += 1
    db.session.flush()
