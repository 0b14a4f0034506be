"""Stored urgent offers → the recommender's answer model (OfferRecord, OfferContext).

Part of the matching adapter: the only place that reads offer rows for the answer model.
`flask recommender retrain` (and the nightly task) fits `AnswerModel` on `offer_records`
and saves it as JSON next to the ranking weights; each worker reloads it when the file
changes, like the ranking weights.
"""

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import and_, case, func, or_, select

from portal.extensions import db
from portal.models import (
    AssistantProfile,
    Booking,
    Offer,
    OfferSource,
    OfferState,
    Shift,
    ShiftState,
)
from portal.timeutil import to_local
from recommender import AnswerModel, OfferContext, OfferRecord, with_history
from recommender.offers import Answer

MODEL_FILE = "answer_model.json"
NOT_YES = (OfferState.DECLINED, OfferState.EXPIRED, OfferState.WITHDRAWN)


@dataclass
class _ModelState:
    lock: threading.Lock = field(default_factory=threading.Lock)
    model: AnswerModel | None = None
    mtime: float | None = None


def model_path() -> Path:
    """Where the fitted answer model is saved (beside the ranking weights)."""
    return Path(current_app.instance_path) / MODEL_FILE


def night_hours() -> tuple[float, float]:
    """ROUND_NIGHT_HOURS as the model's night: minutes then count as asleep."""
    start, end = current_app.config["ROUND_NIGHT_HOURS"]
    return float(start), float(end)


def answer_model() -> AnswerModel:
    """This process's answer model: the saved one (reloaded when it changes) or the prior."""
    state: _ModelState = current_app.extensions.setdefault("answer_model", _ModelState())
    path = model_path()
    mtime = path.stat().st_mtime if path.exists() else None
    with state.lock:
        model: AnswerModel | None = state.model
        if model is None or mtime != state.mtime:
            model = AnswerModel.load(path) if mtime else AnswerModel(night_hours=night_hours())
            state.model, state.mtime = model, mtime
        return model


def _hour(moment: datetime) -> float:
    local = to_local(moment)
    return local.hour + local.minute / 60


def context(
    *,
    tier: int | None,
    distance_km: float | None,
    in_ring: bool,
    on_call: bool,
    sent_at: datetime,
    starts_at: datetime,
    past: tuple[int, int, int] = (0, 0, 0),
) -> OfferContext:
    """One offer's situation as the model sees it; `past` = (offers, answers, yeses)."""
    return OfferContext(
        tier=int(tier or 3),
        distance_km=float(distance_km or 0.0),
        in_ring=bool(in_ring),
        on_call=bool(on_call),
        sent_hour=_hour(sent_at),
        start_hour=_hour(starts_at),
        lead_hours=max(0.0, (starts_at - sent_at).total_seconds() / 3600),
        past_offers=past[0],
        past_answers=past[1],
        past_yes=past[2],
    )


def offer_records(now: datetime, limit: int = 20000) -> list[OfferRecord]:
    """The newest round offers as records, `past_*` counted (offers.with_history).

    An answer counts when it came while the offer was open; a late answer to a filled
    shift says nothing about yes or no, so that offer counts as unanswered until filling.
    """
    rows = db.session.execute(
        select(
            Offer.assistant_id,
            Offer.tier,
            Offer.distance_km,
            Offer.state,
            Offer.created_at,
            Offer.answered_at,
            Shift.starts_at,
            AssistantProfile.on_call,
            select(func.min(Booking.confirmed_at))
            .where(Booking.shift_id == Offer.shift_id)
            .correlate(Offer)
            .scalar_subquery(),
        )
        .join(Shift, Shift.id == Offer.shift_id)
        .join(AssistantProfile, AssistantProfile.user_id == Offer.assistant_id)
        .where(Offer.source == OfferSource.ROUND, Offer.created_at <= now)
        .order_by(Offer.created_at.desc(), Offer.id.desc())
        .limit(limit)
    ).all()
    records = []
    for aid, tier, km, state, sent, answered, starts, on_call, filled in rows:
        closed = min(t for t in (filled, starts, now) if t is not None)
        ctx = context(
            tier=tier,
            distance_km=km,
            in_ring=tier == 1,
            on_call=on_call or tier == 2,
            sent_at=sent,
            starts_at=starts,
        )
        if answered is not None and answered <= closed:
            minutes = max(0.0, (answered - sent).total_seconds() / 60)
            answer: Answer = "no" if state in NOT_YES else "yes"
            records.append(OfferRecord(aid, sent, ctx, answer, delay_minutes=minutes))
        else:
            minutes = max(0.0, (closed - sent).total_seconds() / 60)
            records.append(OfferRecord(aid, sent, ctx, "none", open_minutes=minutes))
    return with_history(records)


def past_counts(assistant_ids: Iterable[int], now: datetime) -> dict[int, tuple[int, int, int]]:
    """(offers ended, answered, said yes) per assistant, in one group-by."""
    ids = list(assistant_ids)
    if not ids:
        return {}
    answered = and_(Offer.answered_at.is_not(None), Offer.answered_at <= now)
    said_yes = and_(answered, Offer.state.not_in(NOT_YES))
    ended = or_(answered, Shift.starts_at <= now, Shift.state != ShiftState.OPEN)
    rows = db.session.execute(
        select(
            Offer.assistant_id,
            func.sum(case((ended, 1), else_=0)),
            func.sum(case((answered, 1), else_=0)),
            func.sum(case((said_yes, 1), else_=0)),
        )
        .join(Shift, Shift.id == Offer.shift_id)
        .where(
            Offer.source == OfferSource.ROUND,
            Offer.created_at < now,
            Offer.assistant_id.in_(ids),
        )
        .group_by(Offer.assistant_id)
    )
    return {aid: (int(n or 0), int(a or 0), int(y or 0)) for aid, n, a, y in rows}


def retrain(now: datetime, limit: int = 20000) -> tuple[AnswerModel, int]:
    """Fit the answer model on stored offers and save it; returns it and the record count."""
    records = offer_records(now, limit)
    model = AnswerModel(night_hours=night_hours()).fit(records)
    model.save(model_path())
    return model, len(records)
