"""The fill simulation's setup (an app with the demo, the shifts, the warm-up) and figures."""

import json
import math
import os
import random
import statistics
from datetime import UTC, datetime, time, timedelta

from fill_sim_actors import local_hour

RETRAIN_UTC = time(1, 30)  # the nightly answer-model refit (portal/services/urgent/tasks.py)


def make_app(folder):
    """A throwaway app on a temp SQLite file with the demo loaded."""
    os.environ.setdefault("PORTAL_ENV", "development")
    from portal import create_app
    from portal.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/sim.sqlite3",
            "HUEY_SQLITE_PATH": f"{folder}/huey.sqlite3",
            "DEMO_OUTBOX": True,
            "MAIL_SERVER": "",
            "SECRET_KEY": "simulation-only-secret-key-0123456789abcdef",
        }
    )
    app.instance_path = folder  # the answer model and weights of this run only
    with app.app_context():
        db.create_all()
    return app


def post_shifts(sim, count, start_day, rng=None):
    """Urgent shifts at demo employers, posted over a week, 1–24 h before they start."""
    from portal.extensions import db
    from portal.models import EmployerProfile, Shift, ShiftKind, ShiftState
    from portal.timeutil import local_to_utc

    rng = rng or sim.rng
    employers = db.session.scalars(
        db.select(EmployerProfile).order_by(EmployerProfile.user_id)
    ).all()
    origin = local_to_utc(start_day, time(0))
    night_share = sim.behaviour.get("night_share", 0.0)
    for _ in range(count):
        employer = rng.choice(employers)
        if night_share and rng.random() < night_share:
            # a shift starting 22-06 local, posted 1-24 h before (sim-only key)
            day = start_day + timedelta(days=rng.randrange(7))
            local_start = (22 * 60 + rng.randrange(8 * 60)) % (24 * 60)
            starts = local_to_utc(day, time(local_start // 60, local_start % 60)) + timedelta(
                days=1 if local_start < 22 * 60 else 0
            )
            posted = starts - timedelta(minutes=rng.randrange(60, 24 * 60 + 1))
        else:
            posted = origin + timedelta(minutes=rng.randrange(7 * 24 * 60))
            starts = posted + timedelta(minutes=rng.randrange(60, 24 * 60 + 1))
        starts = starts.replace(second=0, microsecond=0)
        shift = Shift(
            employer_id=employer.user_id,
            kind=ShiftKind.URGENT,
            state=ShiftState.OPEN,
            title="Sijaisuus",
            starts_at=starts,
            ends_at=starts + timedelta(hours=rng.choice([3, 4, 6, 8])),
            postcode=employer.postcode,
            languages="fi",
            auto_confirm=employer.auto_confirm or sim.strategy != "tiered",
            created_at=posted,
        )
        db.session.add(shift)
        db.session.flush()
        sim.push(posted, "post", (shift.id,))
    db.session.commit()


def thin_population(share, seed):
    """Keep only `share` of the assistants (sim-only key): the others are suspended."""
    from portal.extensions import db
    from portal.models import Role, Status, User

    if share >= 1.0:
        return
    for user in db.session.scalars(db.select(User).where(User.role == Role.ASSISTANT)):
        if random.Random(f"{seed}:population:{user.id}").random() >= share:
            user.status = Status.SUSPENDED
    db.session.commit()


def prepare_product(sim, start_day, warmup):
    """Tiered only: a coordinator, nightly retrains, and an optional unmeasured warm-up week.

    The warm-up runs the same simulation a week earlier, then its shifts are forgotten by
    the measurement (their offers stay in the database for the model to learn from).
    """
    from portal.extensions import db
    from portal.models import Role, Status, User
    from portal.timeutil import local_to_utc

    sim.coordinator = db.session.scalar(
        db.select(User)
        .where(User.role == Role.COORDINATOR, User.status == Status.APPROVED)
        .order_by(User.id)
    )
    first = start_day - timedelta(days=8 if warmup else 1)
    for day in range(11 if warmup else 10):
        sim.push(datetime.combine(first + timedelta(days=day), RETRAIN_UTC, UTC), "retrain", ())
    if warmup:
        # its own random stream: the measured shifts stay those of the baselines
        warm_rng = random.Random(f"{sim.seed}:warm-up")
        post_shifts(sim, warmup, start_day - timedelta(days=7), warm_rng)
        sim.run_until(local_to_utc(start_day, time(0)))
        sim.posted_at, sim.feasible, sim.eligible = {}, set(), set()
        sim.coordinator_calls = sim.coordinator_placed = 0
        sim.picks_refused = sim.picks_acknowledged = sim.centre_placed = 0


def dump_rounds(sim, path):
    """Per measured round: waves, messages, flagged, filled, lead hours (for tuning)."""
    from portal.extensions import db
    from portal.models import OfferRound

    with open(path, "w") as out:
        for r in db.session.scalars(db.select(OfferRound)):
            if r.shift_id not in sim.posted_at:
                continue
            lead = (r.shift.starts_at - sim.posted_at[r.shift_id]).total_seconds() / 3600
            row = {
                "shift": r.shift_id,
                "waves": r.wave,
                "messages": r.messages,
                "flagged": r.flagged_at is not None,
                "filled": r.shift.state.value,
                "feasible": r.shift_id in sim.feasible,
                "lead_h": round(lead, 1),
                "posted_hour": local_hour(sim.posted_at[r.shift_id]),
                "minutes": round((r.filled_at - sim.posted_at[r.shift_id]).total_seconds() / 60, 1)
                if r.filled_at
                else None,
            }
            out.write(json.dumps(row) + "\n")


def percentile(values, share):
    """The value below which `share` of the sorted values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def measure(sim):
    """The five figures of the issue, from the database."""
    from portal.extensions import db
    from portal.models import Booking, Offer, OfferRound

    bookings = {
        b.shift_id: b
        for b in db.session.scalars(db.select(Booking).where(Booking.cancelled_at.is_(None)))
        if b.shift_id in sim.posted_at
    }
    filled = [sid for sid in bookings if sid in sim.feasible]
    all_filled = [sid for sid in bookings if sid in sim.eligible]
    minutes = [
        (bookings[sid].confirmed_at - sim.posted_at[sid]).total_seconds() / 60 for sid in filled
    ]
    rounds = [
        r
        for r in db.session.scalars(db.select(OfferRound))
        if r.shift_id in sim.posted_at  # not the warm-up's
    ]
    messages = sum(r.messages for r in rounds)
    flagged = sum(r.flagged_at is not None for r in rounds)
    distances = [
        db.session.scalar(
            db.select(Offer.distance_km).where(
                Offer.shift_id == sid, Offer.assistant_id == bookings[sid].assistant_id
            )
        )
        or 0.0
        for sid in filled
    ]
    return {
        "fill_rate": round(len(filled) / max(1, len(sim.feasible)), 3),
        "fill_rate_of_eligible": round(len(all_filled) / max(1, len(sim.eligible)), 3),
        "median_minutes_to_confirm": round(statistics.median(minutes), 1) if minutes else None,
        "p90_minutes_to_confirm": round(percentile(minutes, 0.9), 1) if minutes else None,
        "messages_per_filled": round(messages / max(1, len(filled)), 2),
        "mean_distance_km": round(statistics.fmean(distances), 1) if distances else None,
        "shifts": len(sim.posted_at),
        "eligible": len(sim.eligible),
        "feasible": len(sim.feasible),
        "filled": len(filled),
        "flagged": flagged,
        "coordinator_calls": sim.coordinator_calls,  # phone calls, not counted as messages
        "coordinator_placed": sim.coordinator_placed,
        "picks_acknowledged": sim.picks_acknowledged,  # tiered: warnings read and ticked
        "picks_refused": sim.picks_refused,  # tiered: past the decision, the centre was phoned
        "centre_placed": sim.centre_placed,
    }
