"""The demo's shift history: titles that match their hours, real posting-to-fill delays,
some shifts nobody took, and offer rounds running for the open urgent shifts ahead."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import AfterShift, Booking, Rating, Shift, ShiftKind, ShiftState
from portal.services.urgent import shift_events
from portal.timeutil import local_span_to_utc

SHIFT_TIMES = [
    (time(7), time(15)),
    (time(8), time(16)),
    (time(15), time(22)),
    (time(21), time(8)),
    (time(9), time(13)),
    (time(16), time(20)),
]
# Each shift's title says what its hours are (a "Yövuoro" is at night).
TITLES = {
    time(7): "Aamuvuoro",
    time(8): "Päivävuoro",
    time(15): "Iltavuoro",
    time(21): "Yövuoro",
    time(9): "Asiointiapu",
    time(16): "Harrastusapu",
}
UNFILLED_SHARE = {ShiftKind.URGENT: 0.25, ShiftKind.ONE_OFF: 0.1, ShiftKind.REGULAR: 0.15}


def _posted_and_filled(rng, kind, starts, now_ref) -> tuple[datetime, datetime]:
    """When a shift was posted and, if filled, confirmed: urgent ones hours before the start."""
    if kind == ShiftKind.URGENT:
        lead = timedelta(hours=rng.uniform(3, 20))
        delay = timedelta(hours=rng.uniform(0.2, 2.5))
    else:
        lead = timedelta(days=rng.uniform(2, 21))
        delay = timedelta(hours=rng.uniform(3, 60))
    posted = min(starts - lead, now_ref - timedelta(hours=2))
    confirmed = min(posted + delay, starts - timedelta(minutes=30), now_ref - timedelta(hours=1))
    return posted, max(confirmed, posted + timedelta(minutes=10))


def make_shifts(rng, today, employers, assistants, skills) -> None:
    """Four to eight shifts per employer from eight weeks back to four weeks ahead."""
    busy: dict[int, list[tuple[datetime, datetime]]] = {}
    now_ref = local_span_to_utc(today, time(0), time(1))[0]

    def free(assistant_id, start, end):
        return all(end <= s or start >= e for s, e in busy.get(assistant_id, []))

    for employer in employers:
        for offset in sorted(rng.sample(range(-56, 28), rng.randint(4, 8))):
            day = today + timedelta(days=offset)
            start_clock, end_clock = rng.choice(SHIFT_TIMES)
            starts, ends = local_span_to_utc(day, start_clock, end_clock)
            kind = (
                ShiftKind.URGENT
                if (0 <= offset <= 2 and rng.random() < 0.5) or (offset < 0 and rng.random() < 0.2)
                else (ShiftKind.ONE_OFF if rng.random() < 0.7 else ShiftKind.REGULAR)
            )
            posted, confirmed = _posted_and_filled(rng, kind, starts, now_ref)
            shift = Shift(
                employer_id=employer.user_id,
                kind=kind,
                state=ShiftState.OPEN,
                title=TITLES[start_clock],
                description="Avustaminen kotona ja asioinneilla.",
                starts_at=starts,
                ends_at=ends,
                postcode=employer.postcode,
                languages="fi",
                auto_confirm=employer.auto_confirm,
                created_at=posted,
            )
            shift.required_skills = rng.sample(skills, rng.choice([0, 0, 1]))
            shift.preferred_skills = rng.sample(skills, rng.choice([0, 1, 2]))
            db.session.add(shift)
            db.session.flush()
            fill = offset < 0 or rng.random() < 0.3
            if not fill:
                continue
            candidates = [a for a in rng.sample(assistants, 12) if free(a.user_id, starts, ends)]
            if not candidates:
                continue
            if offset < 0 and rng.random() < UNFILLED_SHARE[kind]:
                continue  # nobody was found: the dashboard's unfilled shifts
            chosen = candidates[0]
            busy.setdefault(chosen.user_id, []).append((starts, ends))
            booking = Booking(
                shift_id=shift.id,
                assistant_id=chosen.user_id,
                starts_at=starts,
                ends_at=ends,
                confirmed_at=confirmed,
            )
            shift.state = ShiftState.FILLED
            if offset < 0:
                shift.state = ShiftState.COMPLETED
                booking.employer_confirmed_at = ends
                booking.assistant_confirmed_at = ends
                booking.no_show = rng.random() < 0.03
                booking.outcome = AfterShift.NO_SHOW if booking.no_show else AfterShift.HAPPENED
            db.session.add(booking)
            db.session.flush()
            if offset < 0 and not booking.no_show and rng.random() < 0.8:
                db.session.add(
                    Rating(
                        booking_id=booking.id,
                        rater_id=employer.user_id,
                        ratee_id=chosen.user_id,
                        stars=rng.choices([5, 4, 3, 2], [55, 30, 10, 5])[0],
                        comment=rng.choice(
                            ["", "Kiitos!", "Hyvä työpari.", "Täsmällinen ja ystävällinen."]
                        ),
                    )
                )
                db.session.add(
                    Rating(
                        booking_id=booking.id,
                        rater_id=chosen.user_id,
                        ratee_id=employer.user_id,
                        stars=rng.choices([5, 4, 3], [60, 30, 10])[0],
                    )
                )


def start_urgent_rounds(today: date) -> None:
    """Every open urgent shift still ahead has its offer round running, as after posting."""
    now_ref = local_span_to_utc(today, time(0), time(1))[0]
    for shift in db.session.scalars(
        select(Shift)
        .where(
            Shift.kind == ShiftKind.URGENT,
            Shift.state == ShiftState.OPEN,
            Shift.starts_at > now_ref,
        )
        .order_by(Shift.id)
    ):
        shift_events.shift_posted(shift, now_ref)
    db.session.flush()
