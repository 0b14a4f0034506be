"""Urgent fill simulation: the REAL offer-round services and tasks on a temporary
SQLite database with the Länsi-Pohja/Lapland demo population and a simulated clock.

    python benchmarks/fill_sim.py --strategy tiered --shifts 300 --seed 1 \
        --behaviour benchmarks/behaviours/typical.json

Simulated assistants react to each offer per the behaviour file (answer probability,
log-normal delay, yes probability terms, quiet hours when they sleep); employers who did
not choose auto-confirm pick the best yes a few minutes after one arrives. Prints one
JSON line: fill_rate (of shifts with a feasible assistant), median/p90 minutes to
confirm, messages (offers) per filled shift and mean road distance of the confirmed.
"""

import argparse
import heapq
import json
import math
import os
import random
import statistics
import sys
import tempfile
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

EMPLOYER_PICK_MINUTES = 3  # an employer without auto-confirm looks at the yeses this soon
SEQUENTIAL_ANSWER_MINUTES = (4.5, 5.0)  # a call takes 5 minutes; the answer comes at its end
COORDINATOR_HOURS = (7, 21)  # local hours a coordinator phones people about flagged shifts
COORDINATOR_CALLS_PER_SHIFT = 3  # then the coordinator gives up on that shift
RETRAIN_UTC = time(1, 30)  # the nightly answer-model refit (portal/services/urgent/tasks.py)


def _local_hour(moment):
    from portal.timeutil import to_local

    return to_local(moment).hour


def _next_local_hour(moment, hour):
    """The next moment (after `moment`) when the local clock shows `hour`:00."""
    from portal.timeutil import local_to_utc, to_local

    local = to_local(moment)
    day = local.date() if local.hour < hour else local.date() + timedelta(days=1)
    return local_to_utc(day, time(hour))


class SimQueue:
    """The task backend on the simulated clock: timers go on the heap, sends run inline."""

    def __init__(self, sim):
        self.sim, self.deliveries = sim, []

    def enqueue_delivery(self, log_id, eta=None):
        self.deliveries.append(log_id)

    def schedule_window(self, round_id, version, eta):
        self.sim.push(eta, "window", (round_id, version))


class Simulation:
    """Events on a heap: post shift, window end, assistant answer, employer pick."""

    def __init__(self, app, strategy, behaviour, seed):
        self.app, self.strategy, self.behaviour = app, strategy, behaviour
        self.rng, self.seed = random.Random(seed), seed
        self.heap, self.seq, self.now = [], 0, None
        self.queue = SimQueue(self)
        self.seen_offer = 0
        self.posted_at, self.feasible, self.eligible = {}, set(), set()
        self.flagged_seen, self.calling, self.called = 0, {}, set()
        self.coordinator_calls = self.coordinator_placed = 0
        self.coordinator = None
        self.picks_refused = 0  # picks only the centre may confirm (past the decision)
        self.picks_acknowledged = self.centre_placed = 0

    def push(self, at, kind, payload):
        self.seq += 1
        heapq.heappush(self.heap, (at, self.seq, kind, payload))

    def run(self, until=None):
        from portal.extensions import db

        while self.heap and (until is None or self.heap[0][0] <= until):
            self.now, _, kind, payload = heapq.heappop(self.heap)
            getattr(self, "on_" + kind)(*payload)
            db.session.commit()
            self.after_commit()

    def run_until(self, until):
        """Run the events before `until` (the warm-up week)."""
        self.run(until)

    def after_commit(self):
        """Deliver what the services queued (the real task body) and react to new offers."""
        from portal.extensions import db
        from portal.models import Offer, OfferRound
        from portal.notify import tasks as notify_tasks

        pending, self.queue.deliveries = self.queue.deliveries, []
        for log_id in pending:
            notify_tasks.run_delivery(log_id, self.now)
        for offer in db.session.scalars(
            db.select(Offer).where(Offer.id > self.seen_offer).order_by(Offer.id)
        ):
            self.seen_offer = offer.id
            self.react(offer)
        if self.strategy == "tiered":
            flagged = db.session.scalar(
                db.select(db.func.count(OfferRound.id)).where(OfferRound.flagged_at.is_not(None))
            )
            if flagged > self.flagged_seen:
                self.flagged_seen = flagged
                self.push(self.now, "coordinate", ())

    # -- events ---------------------------------------------------------------------------

    def on_post(self, shift_id):
        from portal.extensions import db
        from portal.models import Shift
        from portal.services.matching import adapter as matching
        from portal.services.urgent import rounds

        shift = db.session.get(Shift, shift_id)
        self.posted_at[shift_id] = self.now
        ranked = matching.rank_for_shift(shift, rounds.RANK_DEPTH)
        if ranked:
            self.eligible.add(shift_id)
        if self.is_feasible(shift, ranked):
            self.feasible.add(shift_id)
        rounds.start(shift, self.now, self.strategy)

    def on_window(self, round_id, version):
        from portal.services.urgent import rounds

        rounds.window_end(round_id, version, self.now)

    def on_answer(self, offer_id, yes):
        from portal.extensions import db
        from portal.models import Offer
        from portal.services.urgent import answers

        offer = db.session.get(Offer, offer_id)
        if answers.answer(offer, yes, "sms", self.now) == "accepted":
            self.push(
                self.now + timedelta(minutes=EMPLOYER_PICK_MINUTES), "pick", (offer.shift_id,)
            )

    def on_pick(self, shift_id):
        """The employer confirms the best yes the portal lets them confirm.

        Working-time warnings: they read them, tick the box and save (what the page asks).
        Past the decision only the centre may confirm ("contact the centre"): they try the
        next yes, and if none can be confirmed they phone the centre about the best one.
        """
        from portal.extensions import db
        from portal.models import Offer, OfferState, Shift, ShiftState
        from portal.services.errors import DomainError
        from portal.services.positions.warnings import WarningsPending
        from portal.services.urgent import answers

        shift = db.session.get(Shift, shift_id)
        if shift.state != ShiftState.OPEN:
            return
        yeses = db.session.scalars(
            db.select(Offer.id)
            .where(Offer.shift_id == shift_id, Offer.state == OfferState.ACCEPTED)
            .order_by(Offer.score.desc())
        ).all()
        blocked = []
        for offer_id in yeses:
            for acknowledged in (False, True):
                try:
                    employer = db.session.get(Shift, shift_id).employer
                    answers.pick(employer, offer_id, self.now, acknowledged=acknowledged)
                    self.picks_acknowledged += acknowledged and shift_id in self.posted_at
                    return
                except WarningsPending as err:
                    db.session.rollback()
                    if err.blocked:
                        blocked.append(offer_id)
                        break
                except DomainError:
                    db.session.rollback()
                    break
        if blocked:
            self.picks_refused += shift_id in self.posted_at
            self.push(self.on_duty(self.now) + timedelta(minutes=5), "centre", (blocked[0],))

    def on_duty(self, moment):
        """`moment` if a coordinator is on duty then, else when the next duty starts."""
        start, end = COORDINATOR_HOURS
        if start <= _local_hour(moment) < end:
            return moment
        return _next_local_hour(moment, start)

    def on_centre(self, offer_id):
        """The employer's call: a coordinator confirms the yes past the decision (audited)."""
        from portal.extensions import db
        from portal.models import Offer, OfferState, ShiftState
        from portal.services.errors import DomainError
        from portal.services.urgent import answers

        offer = db.session.get(Offer, offer_id)
        shift = offer.shift
        if (
            offer.state != OfferState.ACCEPTED
            or shift.state != ShiftState.OPEN
            or shift.starts_at <= self.now
        ):
            return
        try:
            answers.place_by_hand(
                self.coordinator, shift, offer.assistant_id, self.now, acknowledged=True
            )
            self.centre_placed += shift.id in self.posted_at
        except DomainError:
            db.session.rollback()

    def on_retrain(self):
        """The product's nightly refit of the answer model (urgent/tasks.py schedule)."""
        from portal.services.matching import answer_data

        answer_data.retrain(self.now)

    # -- coordinators (tiered only: what the product hands them) ---------------------------

    def flagged_shifts(self):
        """Open shifts whose round alerted the coordinators."""
        from portal.extensions import db
        from portal.models import OfferRound, Shift, ShiftState

        return db.session.scalars(
            db.select(Shift)
            .join(OfferRound, OfferRound.shift_id == Shift.id)
            .where(
                OfferRound.flagged_at.is_not(None),
                Shift.state == ShiftState.OPEN,
                Shift.starts_at > self.now,
            )
            .order_by(Shift.starts_at, Shift.id)
        ).all()

    def on_coordinate(self):
        """A coordinator looks at the bulk proposal for flagged shifts and phones people."""
        from portal.services.urgent import bulk_placement

        local_hour = _local_hour(self.now)
        start, end = COORDINATOR_HOURS
        if not start <= local_hour < end:
            self.push(_next_local_hour(self.now, start), "coordinate", ())
            return
        shifts = [
            s
            for s in self.flagged_shifts()
            if s.id not in self.calling
            and sum(sid == s.id for sid, _a in self.called) < COORDINATOR_CALLS_PER_SHIFT
        ]
        if not shifts:
            return
        ranked = [
            [
                r
                for r in rs
                if (s.id, r.assistant.id) not in self.called
                and r.assistant.id not in self.calling.values()
            ]
            for s, rs in zip(shifts, bulk_placement.candidates(shifts), strict=True)
        ]
        silent = bulk_placement.unanswered([s.id for s in shifts])
        for row in bulk_placement.propose_for(shifts, ranked, silent):
            if row.proposed is None:
                continue
            aid = row.proposed.assistant.id
            self.calling[row.shift.id] = aid
            self.coordinator_calls += row.shift.id in self.posted_at  # not the warm-up's
            trusted = row.proposed.in_ring or row.proposed.worked_before
            got = self.reaction(row.shift, aid, row.proposed.road_km, trusted, self.now, True)
            yes = bool(got and got[1])
            minutes = got[0] if got else SEQUENTIAL_ANSWER_MINUTES[1]
            self.push(self.now + timedelta(minutes=minutes), "call_end", (row.shift.id, aid, yes))

    def on_call_end(self, shift_id, assistant_id, yes):
        """A coordinator's call ended: a yes is confirmed through the bulk service."""
        from portal.extensions import db
        from portal.services.errors import DomainError
        from portal.services.urgent import bulk_placement

        self.calling.pop(shift_id, None)
        self.called.add((shift_id, assistant_id))
        if yes:
            try:
                bulk_placement.confirm(
                    self.coordinator, [(shift_id, assistant_id)], self.now, acknowledged=True
                )  # warnings read and ticked, as the page asks
                self.coordinator_placed += shift_id in self.posted_at
            except DomainError:
                db.session.rollback()
        self.push(self.now, "coordinate", ())

    # -- behaviour ------------------------------------------------------------------------

    def draws(self, shift_id, assistant_id):
        """This person's reaction to this shift, the same under every strategy."""
        rng = random.Random(f"{self.seed}:{shift_id}:{assistant_id}")
        return rng.random(), rng.gauss(0, 1), rng.random(), rng.random()

    def yes_probability(self, shift, distance_km, trusted, on_call):
        """Base plus the behaviour file's terms, clipped to 0..1."""
        from portal.timeutil import to_local

        terms = self.behaviour["yes_probability"]
        p = terms["base"] + terms["per_10km"] * distance_km / 10
        p += terms["ring"] if trusted else 0.0
        p += terms["on_call"] if on_call else 0.0
        start_hour = to_local(shift.starts_at).hour
        if start_hour >= 22 or start_hour < 7:
            p += terms["night"]
        return min(1.0, max(0.0, p))

    def reaction(self, shift, assistant_id, distance_km, trusted, offered_at, by_phone=None):
        """(minutes until the answer, yes) or None when this person does not answer."""
        from portal.timeutil import to_local

        u_answer, z, u_yes, u_call = self.draws(shift.id, assistant_id)
        if u_answer >= self.behaviour["answer_probability"]:
            return None
        if self.strategy == "sequential" if by_phone is None else by_phone:
            if self._asleep(to_local(offered_at).hour):
                return None  # nobody picks up the phone at night
            low, high = SEQUENTIAL_ANSWER_MINUTES
            delay = low + (high - low) * u_call
        else:
            spread = self.behaviour["delay_minutes"]
            delay = math.exp(math.log(spread["median"]) + spread["sigma"] * z)
            delay += self._minutes_until_awake(offered_at)
        on_call = assistant_id in self.on_call
        yes = u_yes < self.yes_probability(shift, distance_km, trusted, on_call)
        return delay, yes

    def react(self, offer):
        """Schedule this assistant's answer to a new offer, if they answer at all."""
        trusted = offer.tier == 1 or (offer.shift.employer_id, offer.assistant_id) in self.ring
        got = self.reaction(
            offer.shift, offer.assistant_id, offer.distance_km or 0.0, trusted, self.now
        )
        if got is not None:
            self.push(self.now + timedelta(minutes=got[0]), "answer", (offer.id, got[1]))

    def is_feasible(self, shift, ranked):
        """Someone eligible would say yes in time if asked at once."""
        for r in ranked:
            trusted = r.in_ring or r.worked_before
            got = self.reaction(shift, r.assistant.id, r.road_km, trusted, self.now, False)
            if got and got[1] and self.now + timedelta(minutes=got[0]) < shift.starts_at:
                return True
        return False

    def _asleep(self, hour):
        start, end = self.behaviour.get("quiet_hours", [22, 7])
        return hour >= start or hour < end if start > end else start <= hour < end

    def _minutes_until_awake(self, moment):
        from portal.timeutil import to_local

        local = to_local(moment)
        if not self._asleep(local.hour):
            return 0.0
        wake = local.replace(hour=self.behaviour.get("quiet_hours", [22, 7])[1], minute=0)
        if wake <= local:
            wake += timedelta(days=1)
        return (wake - local).total_seconds() / 60


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
                "posted_hour": _local_hour(sim.posted_at[r.shift_id]),
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


def main(argv=None):
    """Parse the arguments, run the simulation, print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strategy", choices=("tiered", "broadcast", "sequential"), required=True)
    parser.add_argument("--shifts", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--behaviour", required=True)
    parser.add_argument(
        "--warmup", type=int, default=0, help="tiered: unmeasured shifts the week before"
    )
    args = parser.parse_args(argv)
    behaviour = json.loads(Path(args.behaviour).read_text())
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(folder)
        with app.test_request_context():
            from portal import queue as task_queue
            from portal.extensions import db
            from portal.models import AssistantProfile, RingMember
            from seeds.demo import load_demo

            start_day = datetime(2030, 1, 7, tzinfo=UTC).date()  # a Monday, far from demo data
            load_demo(today=start_day - timedelta(days=40))
            db.session.commit()
            thin_population(behaviour.get("population_share", 1.0), args.seed)
            sim = Simulation(app, args.strategy, behaviour, args.seed)
            sim.on_call = set(
                db.session.scalars(
                    db.select(AssistantProfile.user_id).where(AssistantProfile.on_call.is_(True))
                )
            )
            sim.ring = set(
                db.session.execute(db.select(RingMember.employer_id, RingMember.assistant_id))
            )
            task_queue.set_backend(sim.queue)
            if args.strategy == "tiered":
                prepare_product(sim, start_day, args.warmup)
            post_shifts(sim, args.shifts, start_day)
            sim.run()
            result = measure(sim)
            if os.environ.get("FILL_SIM_DUMP"):
                dump_rounds(sim, os.environ["FILL_SIM_DUMP"])
            task_queue.set_backend(None)
            db.session.remove()
            db.engine.dispose()
    print(json.dumps({"strategy": args.strategy, "behaviour": Path(args.behaviour).stem, **result}))  # noqa: T201


if __name__ == "__main__":
    main()
