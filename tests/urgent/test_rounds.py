"""Offer rounds: tiers, windows, answers, picks, fills, coordinators, stop/restart."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    Booking,
    DeliveryLog,
    Notification,
    Offer,
    OfferState,
    Role,
    RoundState,
    ShiftState,
)
from portal.services.urgent import answers, round_clock, rounds, shift_events


def _offers(shift, state=None):
    query = select(Offer).where(Offer.shift_id == shift.id)
    if state:
        query = query.where(Offer.state == state)
    return list(db.session.scalars(query.order_by(Offer.id)))


def _subjects(user):
    return [
        n.subject
        for n in db.session.scalars(select(Notification).where(Notification.user_id == user.id))
    ]


def test_posting_urgent_shift_offers_ring_first_by_email_and_in_app(population, urgent_shift, now):
    employer, people = population()
    shift = urgent_shift(employer)
    shift_events.shift_posted(shift, now)
    db.session.commit()
    offers = _offers(shift)
    ring = {u.id for u in people["ring"]}
    # Nobody has a history yet, so each is an average newcomer (the model's prior): the
    # first wave is wide, the ring first, topped up with on-call assistants before others.
    assert 3 <= len(offers) <= current_app.config["ROUND_MAX_WAVE"]
    assert {o.assistant_id for o in offers if o.tier == 1} == ring
    assert [o.tier for o in offers] == sorted(o.tier for o in offers)
    assert [o.assistant_id for o in offers if o.tier == 2][0] in {u.id for u in people["on_call"]}
    assert all(o.sms_code for o in offers)
    emails = db.session.scalars(select(DeliveryLog).where(DeliveryLog.channel == "email")).all()
    assert {e.address for e in emails} == {o.assistant.email for o in offers}
    assert "/vastaus/" in emails[0].body
    assert "/peru-sahkopostit/" in emails[0].body
    assert all(
        s.startswith("Urgent") or s.startswith("Kiireellinen")
        for u in people["ring"]
        for s in _subjects(u)
    )


def test_window_end_escalates_through_tiers_then_alerts_coordinators(
    population, urgent_shift, now, make_user
):
    coordinator = make_user(Role.COORDINATOR)
    employer, people = population(on_call=2, others=2)
    shift = urgent_shift(employer, hours=1)
    offer_round = rounds.start(shift, now)
    db.session.commit()
    assert round_clock.window_minutes(shift, now) == 4
    stale_version = offer_round.version
    later = now + timedelta(minutes=5)
    rounds.window_end(offer_round.id, offer_round.version, later)
    assert offer_round.tier == 3
    assert {o.assistant_id for o in _offers(shift) if o.tier == 2} == {
        u.id for u in people["on_call"]
    }
    assert len(_offers(shift)) == 6
    # That wave asked everyone left, short of its target: coordinators hear as it goes out.
    assert offer_round.flagged_at == later
    rounds.window_end(offer_round.id, stale_version, later)  # a stale timer does nothing
    assert offer_round.state == RoundState.RUNNING
    # Nobody is left to ask; the six offers still out get one more window, then the end.
    rounds.window_end(offer_round.id, offer_round.version, later + timedelta(minutes=5))
    assert len(_offers(shift)) == 6
    assert offer_round.state == RoundState.RUNNING
    rounds.window_end(offer_round.id, offer_round.version, offer_round.window_ends_at)
    assert len(_offers(shift)) == 6
    assert offer_round.state == RoundState.EXHAUSTED
    assert offer_round.flagged_at == later  # alerted once
    db.session.commit()
    assert "Urgent shift unfilled" in _subjects(
        coordinator
    ) or "Kiireellinen vuoro täyttämättä" in _subjects(coordinator)
    assert db.session.scalar(select(DeliveryLog).where(DeliveryLog.address == coordinator.email))


def test_employer_picks_from_yeses_and_others_are_told(population, urgent_shift, now):
    employer, people = population()
    shift = urgent_shift(employer)
    rounds.start(shift, now)
    first, second = _offers(shift)[:2]
    assert answers.answer(first, True, "web", now + timedelta(minutes=1)) == "accepted"
    assert answers.answer(second, True, "web", now + timedelta(minutes=2)) == "accepted"
    assert answers.answer(second, False, "web", now + timedelta(minutes=2)) == "already"
    answers.pick(employer, second.id, now + timedelta(minutes=3))
    db.session.commit()
    assert shift.state == ShiftState.FILLED
    assert second.state == OfferState.CONFIRMED
    assert first.state == OfferState.FILLED_ELSEWHERE
    assert rounds.round_for(shift.id).state == RoundState.FILLED
    assert any("filled" in s.lower() or "täytetty" in s.lower() for s in _subjects(first.assistant))
    assert answers.answer(first, True, "web", now + timedelta(minutes=4)) == "filled"


def test_auto_confirm_first_yes_wins_and_late_yes_is_kindly_told(population, urgent_shift, now):
    employer, people = population()
    shift = urgent_shift(employer, auto_confirm=True)
    rounds.start(shift, now)
    first, second = _offers(shift)[:2]
    assert answers.answer(first, True, "email", now + timedelta(minutes=1)) == "confirmed"
    assert answers.answer(second, True, "web", now + timedelta(minutes=2)) == "filled"
    db.session.commit()
    assert db.session.scalar(select(func.count(Booking.id))) == 1
    assert any(
        "already filled" in s.lower() or "jo täytetty" in s.lower()
        for s in _subjects(second.assistant)
    )


def test_all_no_moves_to_next_tier_without_waiting(population, urgent_shift, now):
    employer, people = population()
    shift = urgent_shift(employer)
    offer_round = rounds.start(shift, now)
    first = _offers(shift)
    for offer in first:
        answers.answer(offer, False, "web", now + timedelta(minutes=1))
    assert offer_round.tier == 3
    # the next people are asked at once (each no already topped up the wave), never more
    # at a time than one wave may ask
    asked = _offers(shift, OfferState.OFFERED)
    assert asked
    assert not {o.id for o in asked} & {o.id for o in first}
    assert len(asked) <= current_app.config["ROUND_MAX_WAVE"] + len(first) - 1
    assert offer_round.window_ends_at > now + timedelta(minutes=1)


def test_yes_at_window_end_waits_for_pick_instead_of_escalating(population, urgent_shift, now):
    employer, people = population()
    shift = urgent_shift(employer)
    offer_round = rounds.start(shift, now)
    answers.answer(_offers(shift)[0], True, "web", now)
    rounds.window_end(offer_round.id, offer_round.version, now + timedelta(hours=1))
    assert offer_round.state == RoundState.WAITING_PICK
    assert offer_round.wave == 1


def test_stop_and_restart(population, urgent_shift, now):
    employer, people = population()
    shift = urgent_shift(employer)
    offer_round = rounds.start(shift, now)
    first_wave = len(_offers(shift))
    rounds.stop(employer, shift.id, now)
    rounds.window_end(offer_round.id, offer_round.version, now + timedelta(hours=1))
    assert offer_round.state == RoundState.STOPPED
    assert len(_offers(shift)) == first_wave  # stopped: nobody new asked
    rounds.restart(employer, shift.id, now + timedelta(minutes=30))
    assert offer_round.state == RoundState.RUNNING
    assert len(_offers(shift)) > first_wave


def test_confirmed_assistant_cancelling_reopens_round(population, urgent_shift, now):
    employer, people = population()
    shift = urgent_shift(employer, auto_confirm=True)
    rounds.start(shift, now)
    first = _offers(shift)[0]
    answers.answer(first, True, "web", now)
    answers.cancel_confirmed(first.assistant, first.id, now + timedelta(minutes=10))
    db.session.commit()
    offer_round = rounds.round_for(shift.id)
    assert shift.state == ShiftState.OPEN
    assert offer_round.state == RoundState.RUNNING
    assert len(_offers(shift, OfferState.OFFERED)) >= 1
    assert any("cancelled" in s.lower() or "perui" in s.lower() for s in _subjects(employer))


def test_coordinator_places_by_hand_audited(population, urgent_shift, now, make_user):
    coordinator = make_user(Role.COORDINATOR)
    employer, people = population()
    shift = urgent_shift(employer)
    rounds.start(shift, now)
    chosen = people["other"][0]
    answers.place_by_hand(coordinator, shift, chosen.id, now)
    db.session.commit()
    assert shift.state == ShiftState.FILLED
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "shift.placed_by_hand"))
    assert all(
        o.state == OfferState.FILLED_ELSEWHERE
        for o in _offers(shift)
        if o.assistant_id != chosen.id
    )
