"""A national-size synthetic data set for load tests: bulk Core inserts, never ORM objects.

`flask seed national` (size 1.0): 100,000 assistants, 30,000 employers, 1,000,000 past
shifts each with a completed booking, ratings for a third of them, and 1,000 open
shifts ahead. Deterministic (one seeded RNG) and loaded once (a marker account).
"""

import random
import time as clock
from datetime import UTC, datetime, time, timedelta

from argon2 import PasswordHasher
from sqlalchemy import func, insert, select, text

from portal.extensions import db
from portal.models import (
    AssistantProfile,
    AvailabilityWindow,
    Booking,
    EmployerProfile,
    PostalCode,
    Rating,
    Role,
    Shift,
    ShiftKind,
    ShiftState,
    Skill,
    Status,
    User,
)
from portal.models.profiles import assistant_skills
from portal.timeutil import local_span_to_utc, today_local
from seeds.demo import PATTERNS
from seeds.names import FIRST_NAMES, LAST_NAMES
from seeds.places import load_places
from seeds.skills import load_skills

MARKER = "national-000000@scale.avustajatori.fi"
FULL = {"assistants": 100_000, "employers": 30_000, "past_shifts": 1_000_000, "open_shifts": 1_000}
CHUNK = 20_000


def _bulk(table, rows) -> int:
    """Insert rows (dicts) in chunks with executemany."""
    rows = list(rows)
    for i in range(0, len(rows), CHUNK):
        db.session.execute(insert(table), rows[i : i + CHUNK])
    return len(rows)


def _sync_sequences(*tables) -> None:
    """Move PostgreSQL id sequences past ids inserted explicitly (SQLite needs nothing)."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        name = table.name
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'),"  # noqa: S608 (our table names)
                f" (SELECT coalesce(max(id), 0) + 1 FROM {name}), false)"
            )
        )


def analyze() -> None:
    """Refresh PostgreSQL planner statistics after the bulk load (run after the commit).

    Without it the planner still thinks the tables are nearly empty and joins open shifts
    by scanning them once per postal code: "Shifts for me" took 1 s instead of 0.2 s.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def load_national(size: float = 1.0, echo=print, today=None) -> dict[str, int]:
    """Load the data set once (scaled by `size`); returns row counts added."""
    load_places()
    load_skills()
    if db.session.scalar(select(User.id).where(User.email == MARKER)):
        echo("national data set already loaded: nothing changed")
        return {}
    rng = random.Random(100_000)
    today = today or today_local()
    n = {k: max(1, int(v * size)) for k, v in FULL.items()}
    started = clock.monotonic()
    places = db.session.execute(select(PostalCode.code).order_by(PostalCode.code)).scalars().all()
    skills = db.session.execute(select(Skill.id).order_by(Skill.id)).scalars().all()
    password = PasswordHasher().hash("national-not-for-login")
    now = datetime.now(UTC)
    first_id = (db.session.scalar(select(func.max(User.id))) or 0) + 1
    assistant_ids = range(first_id, first_id + n["assistants"])
    employer_ids = range(assistant_ids.stop, assistant_ids.stop + n["employers"])

    def user(uid, role, index):
        return {
            "id": uid,
            "email": MARKER
            if index == 0 and role == Role.ASSISTANT
            else f"national-{role}-{index:06d}@scale.avustajatori.fi",
            "password_hash": password,
            "role": role,
            "status": Status.APPROVED,
            "status_reason": "",
            "first_name": rng.choice(FIRST_NAMES),
            "last_name": rng.choice(LAST_NAMES),
            "phone": "",
            "locale": "fi",
            "agreement_version": "2026-1",
            "agreement_accepted_at": now,
            "created_at": now,
        }

    counts = {}
    counts["users"] = _bulk(
        User.__table__,
        [user(uid, Role.ASSISTANT, i) for i, uid in enumerate(assistant_ids)]
        + [user(uid, Role.EMPLOYER, i) for i, uid in enumerate(employer_ids)],
    )
    home = {uid: rng.choice(places) for uid in (*assistant_ids, *employer_ids)}
    counts["assistant_profiles"] = _bulk(
        AssistantProfile.__table__,
        (
            {
                "user_id": uid,
                "announcement": "Henkilökohtainen avustaja",
                "languages": "fi" + (" sv" if rng.random() < 0.1 else ""),
                "postcode": home[uid],
                "max_travel_km": float(rng.choice([20, 40, 60, 100])),
                "on_call": rng.random() < 0.3,
                "visible": True,
                "moderation": "approved",
                "updated_at": now,
            }
            for uid in assistant_ids
        ),
    )
    windows, chosen = [], {}
    for uid in assistant_ids:
        for weekday, start, end in PATTERNS[rng.choice(list(PATTERNS))]:
            windows.append(
                {"assistant_id": uid, "weekday": weekday, "start_min": start, "end_min": end}
            )
        chosen[uid] = rng.sample(skills, 3)
    counts["availability_windows"] = _bulk(AvailabilityWindow.__table__, windows)
    counts["assistant_skills"] = _bulk(
        assistant_skills,
        ({"assistant_id": uid, "skill_id": s} for uid, ids in chosen.items() for s in ids),
    )
    counts["employer_profiles"] = _bulk(
        EmployerProfile.__table__,
        (
            {
                "user_id": uid,
                "acts_for_principal": False,
                "principal_name": "",
                "postcode": home[uid],
                "street_address": "Testikatu 1",
                "tasks": "Aamutoimet ja asiointi",
                "aids": "",
                "briefing_card": "",
                "auto_confirm": False,
            }
            for uid in employer_ids
        ),
    )
    echo(f"people loaded in {clock.monotonic() - started:.0f} s")
    counts.update(_past_shifts(rng, n, assistant_ids, employer_ids, home, today, now, echo))
    # Users, past shifts and bookings carry explicit ids; later inserts take the sequence.
    _sync_sequences(User.__table__, Shift.__table__, Booking.__table__)
    counts["open_shifts"] = _open_shifts(rng, n, employer_ids, home, today, now)
    echo(f"national data set loaded in {clock.monotonic() - started:.0f} s")
    return counts


def _past_shifts(rng, n, assistant_ids, employer_ids, home, today, now, echo):
    """Past shifts with completed bookings; each assistant works on distinct days."""
    first_shift = (db.session.scalar(select(func.max(Shift.id))) or 0) + 1
    first_booking = (db.session.scalar(select(func.max(Booking.id))) or 0) + 1
    total, shifts, bookings, ratings = n["past_shifts"], [], [], []
    count = {"shifts": 0, "bookings": 0, "ratings": 0}
    spans = {}
    for i in range(total):
        assistant = assistant_ids[i % len(assistant_ids)]
        day = today - timedelta(days=2 * (1 + i // len(assistant_ids)))
        if day not in spans:
            spans[day] = local_span_to_utc(day, time(8), time(16))
        starts, ends = spans[day]
        employer = employer_ids[rng.randrange(len(employer_ids))]
        sid, bid = first_shift + i, first_booking + i
        shifts.append(
            {
                "id": sid,
                "employer_id": employer,
                "kind": ShiftKind.ONE_OFF,
                "state": ShiftState.COMPLETED,
                "title": "Päivävuoro",
                "description": "",
                "starts_at": starts,
                "ends_at": ends,
                "weekly_pattern": "",
                "postcode": home[employer],
                "languages": "fi",
                "auto_confirm": False,
                "moderation": "approved",
                "created_at": now,
            }
        )
        bookings.append(
            {
                "id": bid,
                "shift_id": sid,
                "assistant_id": assistant,
                "starts_at": starts,
                "ends_at": ends,
                "confirmed_at": starts,
                "late_cancel": False,
                "employer_confirmed_at": ends,
                "assistant_confirmed_at": ends,
                "no_show": (no_show := rng.random() < 0.01),
                "no_show_removed": False,
                "outcome": "no_show" if no_show else "happened",
            }
        )
        if rng.random() < 0.33:
            ratings.append(
                {
                    "booking_id": bid,
                    "rater_id": employer,
                    "ratee_id": assistant,
                    "stars": rng.choice([5, 5, 5, 4, 4, 3]),
                    "comment": "",
                    "created_at": ends,
                    "hidden": False,
                    "hidden_reason": "",
                }
            )
        if len(shifts) >= 100_000 or i == total - 1:
            count["shifts"] += _bulk(Shift.__table__, shifts)
            count["bookings"] += _bulk(Booking.__table__, bookings)
            count["ratings"] += _bulk(Rating.__table__, ratings)
            shifts, bookings, ratings = [], [], []
            echo(f"  past shifts: {count['shifts']}")
    return count


def _open_shifts(rng, n, employer_ids, home, today, now) -> int:
    """Open day shifts in the coming two weeks, for the candidates page."""
    rows = []
    for i in range(n["open_shifts"]):
        employer = employer_ids[i % len(employer_ids)]
        starts, ends = local_span_to_utc(today + timedelta(days=2 + i % 14), time(9), time(13))
        rows.append(
            {
                "employer_id": employer,
                "kind": ShiftKind.ONE_OFF,
                "state": ShiftState.OPEN,
                "title": "Avoin vuoro",
                "description": "",
                "starts_at": starts,
                "ends_at": ends,
                "weekly_pattern": "",
                "postcode": home[employer],
                "languages": "fi",
                "auto_confirm": False,
                "moderation": "approved",
                "created_at": now,
            }
        )
    return _bulk(Shift.__table__, rows)
