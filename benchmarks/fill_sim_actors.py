"""The simulation's people: assistants reacting per the behaviour file, and coordinators.

Mixins of ``fill_sim.Simulation`` (they use its clock, heap and records). Portal modules
are imported inside the methods, after fill_sim has set up the path and the app.
"""

import math
import random
from datetime import time, timedelta

SEQUENTIAL_ANSWER_MINUTES = (4.5, 5.0)  # a call takes 5 minutes; the answer comes at its end
COORDINATOR_HOURS = (7, 21)  # local hours a coordinator phones people about flagged shifts
COORDINATOR_CALLS_PER_SHIFT = 3  # then the coordinator gives up on that shift


def local_hour(moment):
    from portal.timeutil import to_local

    return to_local(moment).hour


def nextlocal_hour(moment, hour):
    """The next moment (after `moment`) when the local clock shows `hour`:00."""
    from portal.timeutil import local_to_utc, to_local

    local = to_local(moment)
    day = local.date() if local.hour < hour else local.date() + timedelta(days=1)
    return local_to_utc(day, time(hour))


class Coordinators:
    """A coordinator on duty: confirms what the centre is asked and phones about flagged shifts."""

    def on_duty(self, moment):
        """`moment` if a coordinator is on duty then, else when the next duty starts."""
        start, end = COORDINATOR_HOURS
        if start <= local_hour(moment) < end:
            return moment
        return nextlocal_hour(moment, start)

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

        hour = local_hour(self.now)
        start, end = COORDINATOR_HOURS
        if not start <= hour < end:
            self.push(nextlocal_hour(self.now, start), "coordinate", ())
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
        chance = bulk_placement.chances(shifts, ranked, self.now)
        for row in bulk_placement.propose_for(shifts, ranked, silent, chance):
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


class People:
    """Assistants answering offers and calls, the same way under every strategy."""

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
