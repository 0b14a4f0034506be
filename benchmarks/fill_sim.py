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
import os
import random
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fill_sim_actors import Coordinators, People  # noqa: E402 - after the path is set
from fill_sim_setup import (  # noqa: E402
    dump_rounds,
    make_app,
    measure,
    post_shifts,
    prepare_product,
    thin_population,
)

EMPLOYER_PICK_MINUTES = 3  # an employer without auto-confirm looks at the yeses this soon


class SimQueue:
    """The task backend on the simulated clock: timers go on the heap, sends run inline."""

    def __init__(self, sim):
        self.sim, self.deliveries = sim, []

    def enqueue_delivery(self, log_id, eta=None):
        self.deliveries.append(log_id)

    def schedule_window(self, round_id, version, eta):
        self.sim.push(eta, "window", (round_id, version))


class Simulation(Coordinators, People):
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

    def on_retrain(self):
        """The product's nightly refit of the answer model (urgent/tasks.py schedule)."""
        from portal.services.matching import answer_data

        answer_data.retrain(self.now)

    # -- coordinators (tiered only: what the product hands them) ---------------------------


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
