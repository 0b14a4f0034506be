"""Urgent offer rounds: tiers, adaptive waves and response windows (DESIGN §5).

Tier 1 is the employer's ring and assistants who worked for them before and were rated
4 or more; tier 2 on-call assistants; tier 3 everyone eligible. Each wave asks the
fewest next candidates in that order whose chance of a yes by the window's end reaches
a target (wave_plan.py); a shift nobody is likely to take goes to the coordinators at
once, and a wave that asks everyone left short of its target alerts them as it goes
out. The response window shrinks with lead time (round_clock.py). Offers stay
answerable while the round runs, so a late yes from an earlier wave still counts. A no
mid-window is replaced at once when those still out no longer reach the target
(top_up); a shift starting before the morning gets one night wave, then the
coordinators (round_clock). `version` changes on every move, so a stale window timer
does nothing. Answers, picks and cancellations live in portal/services/urgent/answers.py.
"""

from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from portal import aftercommit
from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import (
    ModerationState,
    Offer,
    OfferRound,
    OfferState,
    Role,
    RoundState,
    Shift,
    ShiftKind,
    ShiftState,
    Status,
    User,
)
from portal.services.errors import ConflictError, NotFoundError
from portal.services.matching.adapter import RankedCandidate
from portal.services.urgent import offer_messages, round_clock, wave_plan
from portal.services.urgent.offer_rows import new_offers
from portal.services.urgent.round_candidates import RANK_DEPTH as RANK_DEPTH
from portal.services.urgent.round_candidates import fresh_candidates, in_tiers
from recommender import WavePlan
from recommender.waves import ENOUGH_PENDING, NO_CANDIDATES

STRATEGIES = ("tiered", "broadcast", "sequential")
SEQUENTIAL_CALL_MINUTES = 5
LAST_TIER = 3
TOP_UP_PER_NO = 1  # people asked at once after a no mid-window (see top_up)
WINDOW_END = "round_window_end"  # after-commit request: set the timer (urgent/tasks.py)


def round_for(shift_id: int) -> OfferRound | None:
    """The shift's round, if one was started."""
    return db.session.scalar(select(OfferRound).where(OfferRound.shift_id == shift_id))


def start(
    shift: Shift,
    now: datetime,
    strategy: str = "tiered",
    ranked: list[RankedCandidate] | None = None,
) -> OfferRound:
    """Start (or restart) the shift's offer round with its first wave.

    `ranked`: the shift's ranking (`round_candidates.rank_new`), read before the shift
    was written: a new shift, with no round or offers to look for.
    """
    if strategy not in STRATEGIES:
        raise ValueError(strategy)
    offer_round = round_for(shift.id) if ranked is None else None
    if offer_round is None:
        offer_round = OfferRound(shift_id=shift.id, strategy=strategy, started_at=now)
        offer_round.version, offer_round.wave, offer_round.messages = 0, 0, 0
        db.session.add(offer_round)
    offer_round.state, offer_round.tier, offer_round.flagged_at = RoundState.RUNNING, 1, None
    db.session.flush()
    next_wave(offer_round, now, ranked)
    return offer_round


def _choose(
    offer_round: OfferRound, shift: Shift, now: datetime, ranked: list[RankedCandidate] | None
) -> tuple[list[tuple[RankedCandidate, int]], int, wave_plan.Wave | None]:
    """[(candidate, tier)], the window minutes and (tiered) the wave."""
    fresh = fresh_candidates(shift, now, ranked)
    if offer_round.strategy == "broadcast":
        return (
            [(r, LAST_TIER) for r in fresh],
            round_clock.window_minutes(shift, now) * LAST_TIER,
            None,
        )
    if offer_round.strategy == "sequential":
        return [(r, LAST_TIER) for r in fresh[:1]], SEQUENTIAL_CALL_MINUTES, None
    tiered = in_tiers(shift, fresh)
    minutes = round_clock.window_minutes(shift, now)
    wave = wave_plan.plan(
        offer_round, shift, tiered, now, round_clock.wave_end(offer_round, now, minutes)
    )
    chosen = wave.chosen
    if (
        not chosen
        and tiered
        and wave.plan.reason == ENOUGH_PENDING
        and wave_plan.waited(offer_round)
    ):
        chosen = tiered[:1]  # offers out still look likely, but they had a whole extra window
    return chosen, minutes, wave


def next_wave(
    offer_round: OfferRound, now: datetime, ranked: list[RankedCandidate] | None = None
) -> list[Offer]:
    """Offer the next wave, wait for offers still out, or alert the coordinators."""
    shift = offer_round.shift
    offer_round.version += 1
    if shift.state != ShiftState.OPEN or shift.starts_at <= now:
        offer_round.state, offer_round.window_ends_at = RoundState.EXHAUSTED, None
        db.session.flush()
        return []
    if shift.moderation != ModerationState.APPROVED:  # held or removed by moderation
        offer_round.state, offer_round.window_ends_at = RoundState.STOPPED, None
        db.session.flush()
        return []
    if offer_round.strategy == "tiered" and _over_budget(offer_round):
        _exhausted(offer_round, now)
        return []
    chosen, minutes, wave = _choose(offer_round, shift, now, ranked)
    plan = wave.plan if wave is not None else None
    if plan is not None and plan.hopeless:
        _exhausted(offer_round, now, plan)
        return []
    if not chosen and (
        plan is None or (plan.reason == NO_CANDIDATES and wave_plan.waited(offer_round))
    ):
        _exhausted(offer_round, now, plan)
        return []
    offers = _send(offer_round, shift, chosen, minutes, now)
    if wave is not None and wave.short_last():
        _alert(offer_round, now, wave.plan)  # nobody can follow it: coordinators need not wait
    return offers


def top_up(offer_round: OfferRound, now: datetime) -> list[Offer]:
    """A no came while others of the wave are still out (tiered): replace it if needed.

    The offers still out are counted with the chance left in them (wave_plan.plan); if
    they alone no longer reach the target, the next person is asked at once (one per
    no: the wave keeps its strength) and the window restarts, instead of waiting for
    the window to end. Otherwise nothing changes: the window and its timer stay.
    """
    shift = offer_round.shift
    if (
        offer_round.strategy != "tiered"
        or offer_round.state != RoundState.RUNNING
        or shift.state != ShiftState.OPEN
        or shift.starts_at <= now
        or shift.moderation != ModerationState.APPROVED
        or _over_budget(offer_round)
    ):
        return []
    tiered = in_tiers(shift, fresh_candidates(shift, now))
    minutes = round_clock.window_minutes(shift, now)
    end = round_clock.wave_end(offer_round, now, minutes)
    wave = wave_plan.plan(offer_round, shift, tiered, now, end, most=TOP_UP_PER_NO)
    if wave.plan.hopeless or not wave.chosen:
        return []  # the window's end decides (coordinators, or one more window)
    offer_round.version += 1
    return _send(offer_round, shift, wave.chosen, minutes, now)


def _send(
    offer_round: OfferRound,
    shift: Shift,
    chosen: list[tuple[RankedCandidate, int]],
    minutes: int,
    now: datetime,
) -> list[Offer]:
    """Offer `chosen` (may be none: wait another window) and set the window's timer."""
    offer_round.window_ends_at = round_clock.wave_end(offer_round, now, minutes)
    if chosen:
        offer_round.tier = max(offer_round.tier, max(tier for _r, tier in chosen))
        offer_round.wave += 1
    offers = new_offers(offer_round, shift, chosen, now)
    db.session.flush()
    offer_round.messages += len(offers)
    for offer in offers:
        offer_messages.offer_made(offer, now)
    # the timer is set after commit by portal.services.urgent.tasks; the sweeper backs it up
    aftercommit.request(
        db.session, WINDOW_END, offer_round.id, offer_round.version, offer_round.window_ends_at
    )
    db.session.flush()
    return offers


def _over_budget(offer_round: OfferRound) -> bool:
    """ROUND_MAX_OFFERS reached: a coordinator should look rather than message more."""
    return bool(offer_round.messages >= current_app.config["ROUND_MAX_OFFERS"])


def _exhausted(offer_round: OfferRound, now: datetime, plan: WavePlan | None = None) -> None:
    """Nobody left, or nobody likely (`plan`): flag the shift and alert coordinators."""
    offer_round.state, offer_round.window_ends_at = RoundState.EXHAUSTED, None
    _alert(offer_round, now, plan)


def _alert(offer_round: OfferRound, now: datetime, plan: WavePlan | None = None) -> None:
    """Flag the shift and alert coordinators, once; the round itself goes on."""
    if offer_round.flagged_at is None:
        offer_round.flagged_at = now
        coordinators = db.session.scalars(
            select(User).where(User.role == Role.COORDINATOR, User.status == Status.APPROVED)
        )
        for coordinator in coordinators:
            offer_messages.coordinators_alerted(coordinator, offer_round, now, plan)
    db.session.flush()


def window_end(round_id: int, version: int, now: datetime) -> None:
    """A window ended: escalate unless filled, stopped, moved on or waiting for a pick."""
    offer_round = db.session.get(OfferRound, round_id)
    if offer_round is None or offer_round.version != version:
        return  # a stale timer: the round already moved on (idempotent)
    if offer_round.state != RoundState.RUNNING:
        return
    if offer_round.window_ends_at and offer_round.window_ends_at > now:
        return
    yeses = db.session.scalar(
        select(func.count(Offer.id)).where(
            Offer.shift_id == offer_round.shift_id, Offer.state == OfferState.ACCEPTED
        )
    )
    if yeses:
        offer_round.state = RoundState.WAITING_PICK  # the employer has yeses to pick from
        offer_round.version += 1
        db.session.flush()
        return
    if offer_round.strategy == "tiered" and round_clock.silent_night(offer_round, now):
        offer_round.version += 1
        _exhausted(offer_round, now)  # the wave out stays answerable
        return
    next_wave(offer_round, now)


def owned_round(user: User, shift_id: int) -> OfferRound:
    """The round of the user's own urgent shift, else NotFoundError."""
    shift = db.session.get(Shift, shift_id)
    staff = user.role in (Role.COORDINATOR, Role.ADMIN)
    if shift is None or (shift.employer_id != user.id and not staff):
        raise NotFoundError(_("No such shift."))
    offer_round = round_for(shift_id)
    if offer_round is None:
        raise NotFoundError(_("This shift has no offer round."))
    return offer_round


def stop(user: User, shift_id: int, now: datetime) -> OfferRound:
    """The employer stops the round: no new offers, open ones stay answerable."""
    offer_round = owned_round(user, shift_id)
    if offer_round.state == RoundState.FILLED:
        raise ConflictError(_("The shift is already filled."))
    offer_round.state, offer_round.window_ends_at = RoundState.STOPPED, None
    offer_round.version += 1
    db.session.flush()
    return offer_round


def restart(user: User, shift_id: int, now: datetime) -> OfferRound:
    """The employer restarts a stopped or finished round from tier 1."""
    offer_round = owned_round(user, shift_id)
    if offer_round.shift.state != ShiftState.OPEN:
        raise ConflictError(_("The shift is already filled."))
    return start(offer_round.shift, now, offer_round.strategy)


def is_urgent(shift: Shift) -> bool:
    """Only urgent substitute shifts run offer rounds."""
    return shift.kind == ShiftKind.URGENT


def offers_of_round(offer_round: OfferRound) -> list[Offer]:
    """Every offer of the round's shift, by tier then in the order they went out."""
    return list(
        db.session.scalars(
            select(Offer)
            .where(Offer.shift_id == offer_round.shift_id)
            .order_by(Offer.tier, Offer.id)
        )
    )
