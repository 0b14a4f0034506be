"""Coordinator bulk placement: a morning's open urgent shifts, filled in one step.

The proposal maximises the total recommender score over all shifts at once
(`recommender.place`: each assistant at most once, as many shifts filled as possible,
eligibility exactly as the ranking decides it). Confirming goes pair by pair through
bookings.confirm, so the database still decides every race; each placement is audited
and the assistant told.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
from sqlalchemy import select

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import Offer, OfferState, Role, Shift, ShiftKind, ShiftState, Status, User
from portal.services import audit
from portal.services.errors import ConflictError, DomainError, NotFoundError
from portal.services.marketplace import bookings
from portal.services.matching import adapter as matching
from portal.services.matching import answer_data
from portal.services.matching.adapter import RankedCandidate
from portal.services.positions import checks, relatives
from portal.services.urgent import (
    answers,
    offer_messages,
    round_candidates,
    rounds,
    wave_plan,
)
from portal.timeutil import local_to_utc, to_local
from recommender import place

MORNING_ENDS = time(12, 0)  # "a morning": shifts starting from local midnight until noon


@dataclass(frozen=True)
class Row:
    """One shift with its proposed assistant (None: nobody free) and how many were free."""

    shift: Shift
    proposed: RankedCandidate | None
    free: int


@dataclass(frozen=True)
class Proposal:
    """The morning's rows, the span they start in and the proposed total score."""

    rows: list[Row]
    since: datetime
    until: datetime
    total: float


def morning_span(day: date) -> tuple[datetime, datetime]:
    """UTC span of a local morning: midnight to noon."""
    return local_to_utc(day, time(0)), local_to_utc(day, MORNING_ENDS)


def default_day(now: datetime) -> date:
    """Today's morning before noon, else tomorrow's."""
    local = to_local(now)
    return local.date() if local.time() < MORNING_ENDS else local.date() + timedelta(days=1)


def _staff(user: User) -> None:
    if user.role not in (Role.COORDINATOR, Role.ADMIN):
        raise NotFoundError(_("No such shift."))


def open_shifts(since: datetime, until: datetime, now: datetime) -> list[Shift]:
    """Open urgent shifts starting in [since, until) and not yet started."""
    return list(
        db.session.scalars(
            select(Shift)
            .where(
                Shift.kind == ShiftKind.URGENT,
                Shift.state == ShiftState.OPEN,
                Shift.starts_at >= max(since, now),
                Shift.starts_at < until,
            )
            .order_by(Shift.starts_at, Shift.id)
        )
    )


def _declined(shift_ids: list[int]) -> set[tuple[int, int]]:
    """(shift, assistant) pairs where the assistant already said no."""
    rows = db.session.execute(
        select(Offer.shift_id, Offer.assistant_id).where(
            Offer.shift_id.in_(shift_ids), Offer.state == OfferState.DECLINED
        )
    )
    return {(s, a) for s, a in rows}


def candidates(shifts: list[Shift]) -> list[list[RankedCandidate]]:
    """Per shift, the ranked eligible assistants who have not already declined it."""
    declined = _declined([s.id for s in shifts])
    return [
        [
            r
            for r in matching.rank_for_shift(shift, round_candidates.RANK_DEPTH)
            if r.assistant.status == Status.APPROVED and (shift.id, r.assistant.id) not in declined
        ]
        for shift in shifts
    ]


def unanswered(shift_ids: list[int]) -> set[tuple[int, int]]:
    """(shift, assistant) pairs whose offer is still out, unanswered."""
    rows = db.session.execute(
        select(Offer.shift_id, Offer.assistant_id).where(
            Offer.shift_id.in_(shift_ids), Offer.state == OfferState.OFFERED
        )
    )
    return {(s, a) for s, a in rows}


def propose_for(
    shifts: list[Shift],
    ranked: list[list[RankedCandidate]],
    silent: Collection[tuple[int, int]] = (),
    chance: Mapping[tuple[int, int], float] | None = None,
) -> list[Row]:
    """The best placement: rows shifts, columns the union of their candidates, -inf elsewhere.

    Most shifts filled first; then as few `silent` (shift, assistant) pairs as possible
    (they had this shift's offer and never answered: a call to someone not yet asked is
    likelier to help); then, given `chance` ((shift, assistant) -> P(yes), see `chances`),
    the most yeses expected; then the highest total score.
    """
    people = sorted({r.assistant.id for rs in ranked for r in rs})
    column = {aid: j for j, aid in enumerate(people)}
    scores = np.full((len(shifts), len(people)), -np.inf)
    by_pair = {}
    for i, rs in enumerate(ranked):
        for r in rs:
            scores[i, column[r.assistant.id]] = r.match.score
            by_pair[i, column[r.assistant.id]] = r
    if chance is not None:
        scores = _by_chance(scores, [s.id for s in shifts], people, chance)
    finite = scores[np.isfinite(scores)]
    if silent and finite.size:
        # more than any total score difference: one silent pair fewer always wins
        penalty = len(shifts) * float(finite.max() - finite.min()) + 1.0
        for i, shift in enumerate(shifts):
            for r in ranked[i]:
                if (shift.id, r.assistant.id) in silent:
                    scores[i, column[r.assistant.id]] -= penalty
    chosen = dict(place(scores)) if people else {}
    return [
        Row(shift, by_pair[i, chosen[i]] if i in chosen else None, len(ranked[i]))
        for i, shift in enumerate(shifts)
    ]


def _by_chance(
    scores: np.ndarray,
    shift_ids: list[int],
    people: list[int],
    chance: Mapping[tuple[int, int], float],
) -> np.ndarray:
    """Values ordering pairs by P(yes), the score breaking (near) ties only."""
    finite = np.isfinite(scores)
    if not finite.any():
        return scores
    low, span = float(scores[finite].min()), float(np.ptp(scores[finite])) or 1.0
    # a whole assignment's score tie-break stays below 1e-4: chances decide
    tie = 1e-4 * (scores - low) / span / max(1, len(shift_ids))
    p = np.array([[chance.get((s, a), 0.0) for a in people] for s in shift_ids])
    return np.where(finite, p.reshape(scores.shape) + tie, -np.inf)


def chances(
    shifts: list[Shift], ranked: list[list[RankedCandidate]], now: datetime
) -> dict[tuple[int, int], float]:
    """P(yes | they answer) per (shift, assistant), from the answer model (a call now).

    A phone call is answered or not at once; what the coordinator wants to know is who,
    when they pick up, likely says yes (tier, distance, on-call, night, their own history).
    """
    model = answer_data.answer_model()
    out: dict[tuple[int, int], float] = {}
    for shift, rs in zip(shifts, ranked, strict=True):
        if not rs:
            continue
        trusted = round_candidates.trusted(shift.employer_id)
        pairs = [(r, round_candidates.tier_of(r, trusted)) for r in rs]
        p = model.predict_yes_given_answer(wave_plan.candidate_contexts(shift, pairs, now))
        out.update({(shift.id, r.assistant.id): float(x) for r, x in zip(rs, p, strict=True)})
    return out


def propose(coordinator: User, since: datetime, until: datetime, now: datetime) -> Proposal:
    """The proposed placement for open urgent shifts starting in [since, until) (audited)."""
    _staff(coordinator)
    shifts = open_shifts(since, until, now)
    ranked = candidates(shifts)
    silent = unanswered([s.id for s in shifts])
    rows = propose_for(shifts, ranked, silent, chances(shifts, ranked, now))
    audit.record(coordinator, "placement.bulk_view", purpose="placement", shifts=len(shifts))
    total = sum(row.proposed.match.score for row in rows if row.proposed is not None)
    return Proposal(rows, since, until, total)


def confirm(
    coordinator: User,
    pairs: list[tuple[int, int]],
    now: datetime,
    acknowledged: bool = False,
    relations: Mapping[int, str] | None = None,
) -> list[Shift]:
    """Confirm each (shift, assistant) pair; returns the shifts placed.

    `relations` holds, per shift id, the relation the coordinator asked of the assistant on
    the phone ("" = not a relative; not given: the declaration on their offer counts). Checks
    every pair first so that one taken shift, one assistant booked meanwhile or one
    relation the decision does not name fails the whole step with a message naming it,
    and nothing is half-written; the confirm itself is the race-safe one of bookings.
    """
    _staff(coordinator)
    if not pairs:
        raise DomainError(_("Choose at least one placement to confirm."), "pairs")
    if len({a for _s, a in pairs}) < len(pairs) or len({s for s, _a in pairs}) < len(pairs):
        raise DomainError(_("Each shift and each assistant can be placed only once."), "pairs")
    shifts = [_check(db.session.get(Shift, s), a, now) for s, a in pairs]
    said = {
        shift_id: relatives.declaration(bool(relation), relation)
        for shift_id, relation in (relations or {}).items()
    }
    for shift, (_s, assistant_id) in zip(shifts, pairs, strict=True):
        # the decision's hours and the Working Hours Act, as for a placement by hand
        checks.check_booking(coordinator, shift, assistant_id, acknowledged)
        related, relation = said.get(shift.id, (False, ""))
        if related:
            assistant = db.session.get_one(User, assistant_id)
            day = to_local(shift.starts_at).date()
            relatives.require_approved(shift.employer_id, assistant, relation, day)
    placed = []
    for shift, (_s, assistant_id) in zip(shifts, pairs, strict=True):
        booking = bookings.confirm(
            shift, assistant_id, coordinator, now, declared=said.get(shift.id)
        )
        audit.record(coordinator, "shift.bulk_placed", obj=shift, assistant_id=assistant_id)
        offered = db.session.scalar(
            select(Offer.id).where(Offer.shift_id == shift.id, Offer.assistant_id == assistant_id)
        )
        answers.settle(booking, rounds.round_for(shift.id), now)
        if offered is None:  # settle tells only assistants who had an offer
            offer_messages.placed_by_coordinator(booking.assistant_id, shift, now)
        placed.append(shift)
    return placed


def _check(shift: Shift | None, assistant_id: int, now: datetime) -> Shift:
    """A clear message when a pair can no longer be confirmed."""
    if shift is None or shift.kind != ShiftKind.URGENT:
        raise NotFoundError(_("No such shift."))
    if shift.state != ShiftState.OPEN or shift.starts_at <= now:
        raise ConflictError(
            _(
                "%(title)s %(when)s was filled or started meanwhile; nothing was confirmed.",
                title=shift.title,
                when=f"{to_local(shift.starts_at):%d.%m. %H:%M}",
            ),
            "pairs",
        )
    assistant = db.session.get(User, assistant_id)
    if assistant is None or answers.busy(assistant_id, shift):
        name = assistant.first_name if assistant else "?"
        raise ConflictError(
            _(
                "%(name)s was booked for another shift at that time meanwhile; "
                "nothing was confirmed. Look at the proposal again.",
                name=name,
            ),
            "pairs",
        )
    return shift
