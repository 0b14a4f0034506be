"""Adaptive waves in the portal: sized by each person's learned chance of a yes in time."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Notification,
    Offer,
    OfferSource,
    OfferState,
    Role,
    RoundState,
    Shift,
    ShiftKind,
    ShiftState,
    utcnow,
)
from portal.services.matching import answer_data
from portal.services.urgent import answers, rounds


@pytest.fixture(autouse=True)
def model_folder(app, tmp_path):
    """The answer model of each test is saved in its own folder and starts unfitted."""
    saved = app.instance_path
    app.instance_path = str(tmp_path)
    app.extensions.pop("answer_model", None)
    yield tmp_path
    app.instance_path = saved
    app.extensions.pop("answer_model", None)


def history(employer, people, now, *, offers=20, yes=0, no=0, minutes=2.0, tier=3):
    """Past round offers of each person: `yes` said yes, `no` said no, the rest silent."""
    for person in people:
        for n in range(offers):
            sent = now - timedelta(days=n + 1, hours=2)
            shift = Shift(
                employer_id=employer.id,
                kind=ShiftKind.URGENT,
                state=ShiftState.COMPLETED,
                title="Vanha vuoro",
                starts_at=sent + timedelta(hours=5),
                ends_at=sent + timedelta(hours=9),
                postcode="94100",
            )
            db.session.add(shift)
            db.session.flush()
            answered = sent + timedelta(minutes=minutes) if n < yes + no else None
            state = OfferState.CONFIRMED if n < yes else OfferState.DECLINED
            db.session.add(
                Offer(
                    shift_id=shift.id,
                    assistant_id=person.id,
                    source=OfferSource.ROUND,
                    state=state if answered else OfferState.EXPIRED,
                    tier=tier,
                    distance_km=3.0,
                    created_at=sent,
                    expires_at=sent + timedelta(minutes=12),
                    answered_at=answered,
                )
            )
    db.session.commit()


def _everyone(people):
    return people["ring"] + people["on_call"] + people["other"]


def _night_shift(employer, night, starts_after, ends_after):
    """An open urgent "Aamuvuoro" in Kemi, starting and ending this long after `night`."""
    shift = Shift(
        employer_id=employer.id,
        kind=ShiftKind.URGENT,
        state=ShiftState.OPEN,
        title="Aamuvuoro",
        starts_at=night + starts_after,
        ends_at=night + ends_after,
        postcode="94100",
    )
    db.session.add(shift)
    db.session.commit()
    return shift


def _offers(shift):
    return list(db.session.scalars(select(Offer).where(Offer.shift_id == shift.id)))


def test_offer_records_read_answers_delays_and_silence_from_the_database(population, now):
    employer, people = population(ring=1, on_call=0, others=1)
    keen, silent = people["ring"][0], people["other"][0]
    history(employer, [keen], now, offers=4, yes=3, no=1, minutes=3.0)
    history(employer, [silent], now, offers=4)
    records = answer_data.offer_records(now)
    by_person = {p.id: [r for r in records if r.assistant_id == p.id] for p in (keen, silent)}
    assert sorted(r.answer for r in by_person[keen.id]) == ["no", "yes", "yes", "yes"]
    assert all(r.delay_minutes == pytest.approx(3.0) for r in by_person[keen.id])
    assert {r.answer for r in by_person[silent.id]} == {"none"}
    # unanswered: watched until the shift started (5 h after sending)
    assert all(r.open_minutes == pytest.approx(300) for r in by_person[silent.id])
    newest = max(by_person[keen.id], key=lambda r: r.sent_at)
    assert newest.context.past_offers == 3  # its own three earlier offers, never itself
    assert answer_data.past_counts([keen.id, silent.id], now) == {
        keen.id: (4, 4, 3),
        silent.id: (4, 0, 0),
    }


def test_retrain_learns_who_says_yes_and_workers_pick_it_up(population, now, model_folder):
    employer, people = population(ring=0, on_call=0, others=2)
    keen, reluctant = people["other"]
    history(employer, [keen], now, yes=18, no=2)
    history(employer, [reluctant], now, yes=1, no=9)
    before = answer_data.answer_model()
    assert not hasattr(before, "n_records_")  # the prior: nothing saved yet
    _model, count = answer_data.retrain(now)
    assert count == 40
    assert (model_folder / answer_data.MODEL_FILE).exists()
    model = answer_data.answer_model()  # reloaded because the file changed
    assert model is not before
    assert model.n_records_ == 40
    past = answer_data.past_counts([keen.id, reluctant.id], now)
    contexts = [
        answer_data.context(
            tier=3,
            distance_km=3.0,
            in_ring=False,
            on_call=False,
            sent_at=now,
            starts_at=now + timedelta(hours=5),
            past=past[p.id],
        )
        for p in (keen, reluctant)
    ]
    p_keen, p_reluctant = model.predict_yes_within(contexts, 30)
    assert p_keen > 0.6 > 0.2 > p_reluctant


def test_a_likely_taker_gets_a_wave_of_one(population, urgent_shift, now):
    employer, people = population()
    keen = people["ring"][0]
    history(employer, [keen], now, yes=20, minutes=1.0, tier=1)
    history(employer, _everyone(people)[1:], now, yes=4, no=10)
    answer_data.retrain(now)
    shift = urgent_shift(employer, hours=20)
    offer_round = rounds.start(shift, now)
    db.session.commit()
    assert [o.assistant_id for o in _offers(shift)] == [keen.id]
    assert offer_round.state == RoundState.RUNNING
    assert offer_round.wave == 1


def test_a_hard_shift_gets_a_wide_wave(app, population, urgent_shift, now):
    employer, people = population()
    history(employer, _everyone(people), now, yes=2, no=8, minutes=6.0)
    answer_data.retrain(now)
    shift = urgent_shift(employer, hours=2)
    rounds.start(shift, now)
    db.session.commit()
    offers = _offers(shift)
    assert len(offers) == app.config["ROUND_MAX_WAVE"]  # as many as one wave may ask
    tiers = [o.tier for o in sorted(offers, key=lambda o: o.id)]
    assert tiers == sorted(tiers)  # still ring first, then on call, then everyone


def test_a_hopeless_shift_reaches_coordinators_at_once_with_the_reason(
    population, urgent_shift, now, make_user
):
    coordinator = make_user(Role.COORDINATOR, locale="en")
    employer, people = population()
    history(employer, _everyone(people), now, offers=25, no=25)
    answer_data.retrain(now)
    shift = urgent_shift(employer, hours=2)
    offer_round = rounds.start(shift, now)
    db.session.commit()
    assert _offers(shift) == []  # no messages spent
    assert offer_round.state == RoundState.EXHAUSTED
    assert offer_round.flagged_at == now
    alert = db.session.scalar(select(Notification).where(Notification.user_id == coordinator.id))
    assert alert.subject == "Urgent shift unfilled"
    assert "Unlikely to be filled in time" in alert.body


def test_offers_still_out_count_before_asking_more(population, urgent_shift, now):
    employer, people = population()
    keen = people["ring"][0]
    history(employer, [keen], now, yes=20, minutes=1.0, tier=1)
    history(employer, _everyone(people)[1:], now, yes=4, no=10)
    answer_data.retrain(now)
    shift = urgent_shift(employer, hours=20)
    offer_round = rounds.start(shift, now)
    db.session.commit()
    # the window ends unanswered: the keen one had their chance, the next wave moves on
    end = offer_round.window_ends_at
    rounds.window_end(offer_round.id, offer_round.version, end)
    assert len(_offers(shift)) > 1
    assert offer_round.wave == 2


def test_flask_recommender_retrain_fits_the_answer_model(app, population, model_folder):
    employer, people = population(ring=0, on_call=0, others=2)
    history(employer, people["other"], utcnow(), offers=5, yes=2, no=2)
    result = app.test_cli_runner().invoke(args=["recommender", "retrain"])
    assert result.exit_code == 0, result.output
    assert "answer model learned from 10 offers" in result.output
    assert answer_data.answer_model().n_records_ == 10


def test_a_shift_before_morning_is_asked_not_handed_over_unasked(app, population, now):
    # 01:00 Helsinki; the shift starts 05:30, before the model's night ends: the model
    # sees no awake minutes and cannot judge, so people are asked rather than nobody.
    employer, people = population()
    night = now.replace(hour=23) - timedelta(days=1)
    shift = _night_shift(employer, night, timedelta(hours=4, minutes=30), timedelta(hours=9))
    offer_round = rounds.start(shift, night)
    db.session.commit()
    assert len(_offers(shift)) == app.config["ROUND_MAX_WAVE"]
    assert offer_round.flagged_at is None


def test_a_no_mid_window_asks_the_next_people_at_once(population, urgent_shift, now):
    employer, people = population()
    history(employer, _everyone(people), now, yes=4, no=10)
    answer_data.retrain(now)
    shift = urgent_shift(employer, hours=20)
    offer_round = rounds.start(shift, now)
    db.session.commit()
    first = sorted(_offers(shift), key=lambda o: o.id)
    assert 2 <= len(first) < len(_everyone(people))
    # one of the wave says no two minutes in: the others alone are no longer likely
    # enough, so the next people are asked now rather than when the window ends
    answers.answer(first[0], False, "web", now + timedelta(minutes=2))
    db.session.commit()
    offers = _offers(shift)
    assert len(offers) > len(first)
    assert offer_round.wave == 2
    assert all(o.state == OfferState.OFFERED for o in first[1:])
    assert offer_round.window_ends_at > now + timedelta(minutes=2)


def test_a_no_after_a_yes_asks_nobody_new(population, urgent_shift, now):
    employer, people = population()
    history(employer, _everyone(people), now, yes=4, no=10)
    answer_data.retrain(now)
    shift = urgent_shift(employer, hours=20)
    offer_round = rounds.start(shift, now)
    db.session.commit()
    first = sorted(_offers(shift), key=lambda o: o.id)
    assert len(first) >= 3
    window = offer_round.window_ends_at
    # a yes waits for the employer's pick: a later no from the same wave changes nothing
    assert answers.answer(first[0], True, "web", now + timedelta(minutes=1)) == "accepted"
    answers.answer(first[1], False, "web", now + timedelta(minutes=2))
    db.session.commit()
    assert len(_offers(shift)) == len(first)
    assert offer_round.wave == 1
    assert offer_round.window_ends_at == window


def test_a_shift_before_morning_gets_one_night_wave_then_coordinators(
    app, population, now, make_user
):
    # Nobody is expected to answer at night (the model's night), so silence at 01:10 says
    # nothing: instead of messaging wave after wave of sleeping people, the round keeps
    # the first wave answerable and alerts the coordinators when its window ends.
    coordinator = make_user(Role.COORDINATOR, locale="en")
    employer, people = population()
    night = now.replace(hour=23) - timedelta(days=1)
    shift = _night_shift(employer, night, timedelta(hours=4, minutes=30), timedelta(hours=9))
    offer_round = rounds.start(shift, night)
    db.session.commit()
    first = _offers(shift)
    rounds.window_end(offer_round.id, offer_round.version, offer_round.window_ends_at)
    db.session.commit()
    assert len(_offers(shift)) == len(first)
    assert offer_round.flagged_at is not None
    assert db.session.scalar(select(Notification).where(Notification.user_id == coordinator.id))
    # the first wave can still answer: an early riser's yes fills the shift
    early = night + timedelta(hours=4)
    assert answers.answer(first[0], True, "sms", early) in ("accepted", "confirmed")


def test_a_night_wave_waits_for_the_morning_even_when_the_shift_starts_soon_after(
    app, population, now
):
    # 01:00 Helsinki, the shift starts at 08:00: escalating at night would only message
    # sleeping people, so the first wave's window runs from the morning (07:00).
    employer, people = population()
    night = now.replace(hour=23) - timedelta(days=1)
    shift = _night_shift(employer, night, timedelta(hours=7), timedelta(hours=11))
    offer_round = rounds.start(shift, night)
    db.session.commit()
    first = _offers(shift)
    assert first
    assert offer_round.window_ends_at > night + timedelta(hours=6)  # after 07:00
    rounds.window_end(offer_round.id, offer_round.version, night + timedelta(minutes=30))
    assert len(_offers(shift)) == len(first)  # a stale look at night asks nobody new


def night_history(employer, people, night, *, offers=10):
    """Past offers sent at 01:00 Helsinki for shifts starting 05:30, silent until the start."""
    for person in people:
        for n in range(offers):
            sent = night - timedelta(days=n + 1)
            shift = _night_shift(employer, sent, timedelta(hours=4, minutes=30), timedelta(hours=9))
            shift.state = ShiftState.COMPLETED
            db.session.add(
                Offer(
                    shift_id=shift.id,
                    assistant_id=person.id,
                    source=OfferSource.ROUND,
                    state=OfferState.EXPIRED,
                    tier=3,
                    distance_km=3.0,
                    created_at=sent,
                    expires_at=shift.starts_at,
                )
            )
    db.session.commit()


def test_nights_watched_in_silence_send_a_night_shift_to_coordinators_unasked(
    app, population, now, make_user
):
    # The stored offers show nobody answering offers sent at night before the morning: a
    # shift starting 05:30 posted at 01:00 now goes to the coordinators without messages.
    coordinator = make_user(Role.COORDINATOR, locale="en")
    employer, people = population()
    night = now.replace(hour=23) - timedelta(days=1)
    history(employer, _everyone(people), now, yes=4, no=10)
    night_history(employer, _everyone(people), night)
    answer_data.retrain(now)
    assert answer_data.answer_model().knows_nights()
    shift = _night_shift(employer, night, timedelta(hours=4, minutes=30), timedelta(hours=9))
    offer_round = rounds.start(shift, night)
    db.session.commit()
    assert _offers(shift) == []
    assert offer_round.flagged_at is not None
    assert db.session.scalar(select(Notification).where(Notification.user_id == coordinator.id))


def test_a_last_wave_short_of_its_target_alerts_the_coordinators_as_it_goes_out(
    population, urgent_shift, now, make_user
):
    # Two people are all there is, and together they are unlikely to say yes in time
    # (the prior: 30 % each): the round cannot ask anyone after them, so the coordinators
    # hear now, while the offers stay out, not a window later.
    coordinator = make_user(Role.COORDINATOR, locale="en")
    employer, people = population(ring=0, on_call=0, others=2)
    shift = urgent_shift(employer, hours=20)
    offer_round = rounds.start(shift, now)
    db.session.commit()
    assert len(_offers(shift)) == 2
    assert offer_round.flagged_at == now
    assert offer_round.state == RoundState.RUNNING  # their answers still count
    alert = db.session.scalar(select(Notification).where(Notification.user_id == coordinator.id))
    assert "The last eligible people have just been asked" in alert.body
    assert re.search(r"before the start is about \d+ %", alert.body)
    first = _offers(shift)[0]
    assert answers.answer(first, True, "web", now + timedelta(minutes=3)) == "accepted"


def test_a_first_wave_with_people_left_after_it_alerts_nobody(population, urgent_shift, now):
    employer, people = population()
    shift = urgent_shift(employer, hours=20)
    offer_round = rounds.start(shift, now)
    db.session.commit()
    assert 0 < len(_offers(shift)) < len(_everyone(people))
    assert offer_round.flagged_at is None


def test_a_round_with_a_real_chance_left_asks_past_the_sixteenth(population, urgent_shift, now):
    # 30 people each unlikely to say yes, together likely: the model, not a count of 16,
    # decides when asking more stops being worth it (reluctant people ranked 30th-35th).
    employer, people = population(ring=0, on_call=0, others=30)
    history(employer, people["other"], now, yes=2, no=10)
    answer_data.retrain(now)
    shift = urgent_shift(employer, hours=20)
    offer_round = rounds.start(shift, now)
    db.session.commit()
    moment = now
    while offer_round.state == RoundState.RUNNING and offer_round.window_ends_at:
        moment = offer_round.window_ends_at
        rounds.window_end(offer_round.id, offer_round.version, moment)
        db.session.commit()
    assert len(_offers(shift)) > 16
