"""Adaptive wave sizing for tiered rounds: ask the fewest who together likely say yes.

Candidates arrive in ask order (tier 1 ring, 2 on-call, 3 everyone; recommender order
inside a tier). The answer model (matching/answer_data.py) gives each one's chance of a
yes before this wave's deadline and before the start; `recommender.plan_wave` picks the
shortest prefix reaching the target for this lead time, counting offers still out, and
says when even everyone together is unlikely (hopeless: coordinators hear of it now).
"""

import math
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from flask import current_app
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Offer, OfferRound, OfferState, Shift
from portal.services.matching import answer_data
from portal.services.matching.adapter import RankedCandidate
from portal.timeutil import to_local
from recommender import AnswerModel, OfferContext, WavePlan, plan_wave
from recommender.offers import awake_minutes, in_night

NEAR_HOURS, FAR_HOURS = 2.0, 24.0  # lead times where the target reaches near / far
AWAKE_TO_JUDGE = 60.0  # daytime minutes before the start needed to call a shift hopeless


@dataclass(frozen=True)
class Wave:
    """The candidates to ask now (with their tiers) and the plan that chose them.

    `last`: it asks everyone left, or the last of ROUND_MAX_OFFERS; nobody can follow it.
    """

    chosen: list[tuple[RankedCandidate, int]]
    plan: WavePlan
    last: bool = False

    def short_last(self) -> bool:
        """The round's last wave goes out below its target: coordinators should know now."""
        return self.last and self.plan.chance < self.plan.target


def target(lead_hours: float) -> float:
    """The wave's chance target for this lead time (ROUND_TARGET: far near), log-linear."""
    far, near = (float(n) for n in current_app.config["ROUND_TARGET"])
    lead = min(max(lead_hours, NEAR_HOURS), FAR_HOURS)
    share = math.log(FAR_HOURS / lead) / math.log(FAR_HOURS / NEAR_HOURS)
    return far + (near - far) * share


def _minutes(later: datetime, now: datetime) -> float:
    return max(0.0, (later - now).total_seconds() / 60)


def candidate_contexts(
    shift: Shift, ordered: list[tuple[RankedCandidate, int]], now: datetime
) -> list[OfferContext]:
    """OfferContexts for (ranked, tier) pairs as if offered now."""
    past = answer_data.past_counts([r.assistant.id for r, _tier in ordered], now)
    return [
        answer_data.context(
            tier=tier,
            distance_km=round(r.road_km, 1),
            in_ring=tier == 1,
            on_call=r.candidate.on_call,
            sent_at=now,
            starts_at=shift.starts_at,
            past=past.get(r.assistant.id, (0, 0, 0)),
        )
        for r, tier in ordered
    ]


def pending_chance(shift: Shift, now: datetime, deadline: datetime) -> float:
    """P(a yes before `deadline` from offers still out and unanswered), given no answer yet."""
    pending = db.session.scalars(
        select(Offer).where(Offer.shift_id == shift.id, Offer.state == OfferState.OFFERED)
    ).all()
    if not pending:
        return 0.0
    model = answer_data.answer_model()
    past = answer_data.past_counts([o.assistant_id for o in pending], now)
    contexts = [
        answer_data.context(
            tier=o.tier,
            distance_km=o.distance_km,
            in_ring=o.tier == 1,
            on_call=o.tier == 2,
            sent_at=o.created_at,
            starts_at=shift.starts_at,
            past=past.get(o.assistant_id, (0, 0, 0)),
        )
        for o in pending
    ]
    since = np.array([_minutes(now, o.created_at) for o in pending])
    until = since + _minutes(deadline, now)
    yes_by_now = model.predict_yes_within(contexts, since)
    answered_by_now = model.predict_answer_within(contexts, since)
    yes_by_deadline = model.predict_yes_within(contexts, until)
    # Still silent now: only the part of the yes curve still ahead counts.
    p = (yes_by_deadline - yes_by_now) / np.maximum(1.0 - answered_by_now, 1e-9)
    return float(1.0 - np.prod(1.0 - np.clip(p, 0.0, 1.0)))


def awake_before(shift: Shift, now: datetime) -> float:
    """Daytime (not ROUND_NIGHT_HOURS) minutes from now to the shift's start."""
    lead = _minutes(shift.starts_at, now)
    hour = [to_local(now).hour + to_local(now).minute / 60]
    return float(awake_minutes(hour, [lead], answer_data.night_hours())[0])


def _can_judge(shift: Shift, now: datetime, model: AnswerModel) -> bool:
    """The model can call this shift hopeless: daytime is left, or it has learned nights.

    Before it has watched offers sent at night the model counts nights as asleep, so a
    shift starting at 05:30 posted at 01:00 always looks hopeless to it; people who wake
    early or keep their phone on may take such shifts, so these are asked rather than
    handed over unasked. Once it has learned how often offers sent at night are answered
    before the morning (the stored offers), its chance for one sent now stands: nights
    watched in silence send such shifts to the coordinators. An evening offer is read by
    people still up, which the model does not learn (it stops their clock at night).
    """
    if awake_before(shift, now) >= AWAKE_TO_JUDGE:
        return True
    local = to_local(now)
    at_night = in_night(local.hour + local.minute / 60, answer_data.night_hours()) > 0
    return bool(at_night and model.knows_nights())


def plan(
    offer_round: OfferRound,
    shift: Shift,
    ordered: list[tuple[RankedCandidate, int]],
    now: datetime,
    deadline: datetime,
    most: int | None = None,
) -> Wave:
    """The next wave of a tiered round: a prefix of `ordered`, or none (see WavePlan).

    At most `most` people (else ROUND_MAX_WAVE), within ROUND_MAX_OFFERS.
    """
    config = current_app.config
    budget = max(0, config["ROUND_MAX_OFFERS"] - offer_round.messages)
    most = config["ROUND_MAX_WAVE"] if most is None else most
    model = answer_data.answer_model()
    contexts = candidate_contexts(shift, ordered, now)
    lead_hours = _minutes(shift.starts_at, now) / 60
    p_wave = model.predict_yes_within(contexts, _minutes(deadline, now))
    p_start = model.predict_yes_within(contexts, lead_hours * 60)
    already = pending_chance(shift, now, deadline)
    wave = plan_wave(
        p_wave,
        lead_hours,
        p_before_start=p_start,
        already=already,
        target=target(lead_hours),
        floor=config["ROUND_HOPELESS_FLOOR"] if _can_judge(shift, now, model) else 0.0,
        max_size=min(most, budget),
    )
    last = 0 < wave.size and (wave.size == len(ordered) or wave.size >= budget)
    return Wave(chosen=ordered[: wave.size], plan=wave, last=last)


def waited(offer_round: OfferRound) -> bool:
    """The round already let a window pass without asking anyone new."""
    latest = db.session.scalar(
        select(func.max(Offer.expires_at)).where(Offer.shift_id == offer_round.shift_id)
    )
    return latest is None or (offer_round.window_ends_at or latest) > latest
