"""Exactly one assistant is confirmed when answers, picks and placements race (threads)."""

import sqlite3
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Booking, Offer, OfferState, Role, User, utcnow
from portal.services.errors import DomainError
from portal.services.matching import adapter as matching
from portal.services.urgent import answers, rounds
from portal.timeutil import to_local


def _race(app, jobs):
    """Run each job in its own thread, app context and database session, all at once."""
    barrier = threading.Barrier(len(jobs))
    results = []

    def run(job):
        with app.test_request_context():
            barrier.wait()
            try:
                results.append(job())
                db.session.commit()
            except DomainError as error:
                db.session.rollback()
                results.append(type(error).__name__)
            except Exception as error:  # noqa: BLE001 - a lost race must never crash silently
                db.session.rollback()
                results.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_simultaneous_yeses_on_auto_confirm_shift_confirm_exactly_one(
    app, population, urgent_shift, now, monkeypatch
):
    employer, people = population(ring=5, on_call=0, others=0)
    monkeypatch.setitem(app.config, "ROUND_TARGET", (0.99, 0.99))  # all five in one wave
    shift = urgent_shift(employer, auto_confirm=True)
    rounds.start(shift, now)
    db.session.commit()
    offer_ids = list(db.session.scalars(select(Offer.id).where(Offer.shift_id == shift.id)))
    assert len(offer_ids) == 5

    def yes(offer_id):
        return lambda: answers.answer(db.session.get(Offer, offer_id), True, "web", now)

    results = _race(app, [yes(i) for i in offer_ids])
    db.session.rollback()
    assert results.count("confirmed") == 1, results
    assert db.session.scalar(select(func.count(Booking.id))) == 1
    states = db.session.scalars(select(Offer.state).where(Offer.shift_id == shift.id)).all()
    assert states.count(OfferState.CONFIRMED) == 1


def test_employer_picks_and_coordinator_placement_race_one_wins(
    app, population, urgent_shift, now, make_user
):
    coordinator = make_user(Role.COORDINATOR)
    employer, people = population()
    shift = urgent_shift(employer)
    rounds.start(shift, now)
    first, second = db.session.scalars(select(Offer).where(Offer.shift_id == shift.id)).all()[:2]
    answers.answer(first, True, "web", now)
    answers.answer(second, True, "web", now)
    db.session.commit()
    ids = (employer.id, coordinator.id, shift.id, first.id, second.id, people["other"][0].id)
    employer_id, coordinator_id, shift_id, first_id, second_id, other_id = ids

    def pick(offer_id):
        return lambda: answers.pick(db.session.get(User, employer_id), offer_id, now)

    def place():
        from portal.models import Shift

        user, target = db.session.get(User, coordinator_id), db.session.get(Shift, shift_id)
        return answers.place_by_hand(user, target, other_id, now)

    results = _race(app, [pick(first_id), pick(second_id), place])
    db.session.rollback()
    assert sum(isinstance(r, Booking) for r in results) == 1, results
    assert db.session.scalar(select(func.count(Booking.id))) == 1


def test_racing_yeses_tell_the_employer_once_per_offer(
    app, population, urgent_shift, now, monkeypatch
):
    """80 yes-requests for 10 offers (8 each, as after a retried link): 10 'said yes' notices."""
    from portal.models import Notification

    employer, people = population(ring=10, on_call=0, others=0)
    # all ten ring members in one wave
    monkeypatch.setitem(app.config, "ROUND_TARGET", (0.999, 0.999))
    monkeypatch.setitem(app.config, "ROUND_MAX_WAVE", 10)
    monkeypatch.setitem(app.config, "ROUND_MAX_OFFERS", 10)
    shift = urgent_shift(employer)
    rounds.start(shift, now)
    db.session.commit()
    offer_ids = list(db.session.scalars(select(Offer.id).where(Offer.shift_id == shift.id)))
    assert len(offer_ids) == 10

    def yes(offer_id):
        return lambda: answers.answer(db.session.get(Offer, offer_id), True, "email", now)

    results = _race(app, [yes(i) for i in offer_ids for _ in range(8)])
    db.session.rollback()
    assert results.count("accepted") == 10, results
    assert results.count("already") == 70, results
    told = db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == employer.id, Notification.kind == "round_yes"
        )
    )
    assert told == 10


def test_a_simultaneous_yes_and_no_leave_one_answer(
    app, population, urgent_shift, now, monkeypatch
):
    # one newcomer alone is below the hopeless floor; this test is about the answer race
    monkeypatch.setitem(app.config, "ROUND_HOPELESS_FLOOR", 0.0)
    employer, people = population(ring=1, on_call=0, others=0)
    shift = urgent_shift(employer)
    rounds.start(shift, now)
    db.session.commit()
    offer_id = db.session.scalar(select(Offer.id).where(Offer.shift_id == shift.id))

    def say(yes):
        return lambda: answers.answer(db.session.get(Offer, offer_id), yes, "web", now)

    results = _race(app, [say(True), say(False)] * 4)
    db.session.rollback()
    winners = [r for r in results if r != "already"]
    assert len(winners) == 1, results
    offer = db.session.get(Offer, offer_id)
    expected = OfferState.ACCEPTED if winners == ["accepted"] else OfferState.DECLINED
    assert offer.state == expected


def test_an_sms_code_taken_meanwhile_by_another_round_is_drawn_again(
    app, population, urgent_shift, now, monkeypatch
):
    """A code another round took after this one saw it free: the insert fails, the wave redraws."""
    from itertools import chain, count

    from portal.models import OfferSource
    from portal.services.urgent import offer_rows

    employer, people = population()
    monkeypatch.setitem(app.config, "ROUND_TARGET", (0.99, 0.99))  # a wide first wave
    other = urgent_shift(employer, hours=5)
    db.session.add(
        Offer(
            shift_id=other.id,
            assistant_id=people["other"][0].id,
            source=OfferSource.ROUND,
            state=OfferState.OFFERED,
            sms_code="1111",
        )
    )
    db.session.commit()
    draws = chain(["1111"], (str(2000 + n) for n in count()))  # the taken one, then fresh
    monkeypatch.setattr(offer_rows, "new_codes", lambda n: [next(draws) for _ in range(n)])
    shift = urgent_shift(employer, hours=3)
    rounds.start(shift, now)
    db.session.commit()
    codes = db.session.scalars(select(Offer.sms_code).where(Offer.shift_id == shift.id)).all()
    assert len(codes) >= 2
    assert "1111" not in codes
    assert len(set(codes)) == len(codes)


def test_posting_an_urgent_shift_ranks_before_it_takes_the_write_lock(
    app, client, login, population, monkeypatch
):
    """On SQLite one writer at a time: ranking 200 deep must not keep the others waiting."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("sqlite:///"):
        pytest.skip("SQLite's single write lock")
    path = url.removeprefix("sqlite:///")
    employer, _people = population()
    real_ranking, others_could_write = matching.rank_for_shift, []

    def ranking(shift, k=20):
        probe = sqlite3.connect(path, timeout=0)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            others_could_write.append(True)
        except sqlite3.OperationalError:
            others_could_write.append(False)
        finally:
            probe.close()
        return real_ranking(shift, k)

    monkeypatch.setattr(matching, "rank_for_shift", ranking)
    login(employer)
    starts = to_local(utcnow() + timedelta(hours=5))
    form = {"kind": "urgent", "title": "Sijainen", "description": "", "place": "94100"}
    form |= {"day": starts.date().isoformat(), "start": starts.strftime("%H:%M")}
    form |= {"end": (starts + timedelta(hours=3)).strftime("%H:%M"), "languages": ["fi"]}
    assert client.post("/vuorot/uusi", data=form).status_code == 302
    assert others_could_write == [True]  # ranked once, and before the shift was written
    assert db.session.scalar(select(func.count(Offer.id))) > 0


def test_held_four_digit_codes_give_a_six_digit_code_in_two_queries(
    app, population, urgent_shift, monkeypatch
):
    """Thousands of offers out hold most four-digit codes: one look-up per kind, not 50."""
    from sqlalchemy import event

    from portal.models import OfferSource
    from portal.services.urgent import offer_rows

    employer, people = population()
    other = urgent_shift(employer, hours=5)
    offer = Offer(shift_id=other.id, assistant_id=people["other"][0].id, sms_code="1111")
    offer.source, offer.state = OfferSource.ROUND, OfferState.OFFERED
    db.session.add(offer)
    db.session.commit()
    # Every four-digit draw hits the held code; six-digit draws give 223456.
    monkeypatch.setattr(offer_rows.secrets, "randbelow", lambda n: 111 if n == 9000 else 123456)
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        codes = offer_rows.new_codes(1)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert codes == ["223456"]
    assert len(statements) == 2


def test_a_wave_writes_its_offers_with_one_code_look_up_and_one_savepoint(
    app, population, urgent_shift, now, monkeypatch
):
    """A wave of several offers draws its SMS codes in one query, inserted in one savepoint."""
    from sqlalchemy import event

    employer, _people = population()
    monkeypatch.setitem(app.config, "ROUND_TARGET", (0.99, 0.99))  # a wide first wave
    shift = urgent_shift(employer, hours=3)
    statements = []
    listener = lambda *args: statements.append(" ".join(args[2].split()))  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        rounds.start(shift, now)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    db.session.commit()
    offers = db.session.scalars(select(Offer).where(Offer.shift_id == shift.id)).all()
    assert len(offers) >= 3
    assert len({o.sms_code for o in offers}) == len(offers)
    assert sum("offers.sms_code IN" in s for s in statements) == 1
    assert sum(s.startswith("SAVEPOINT") for s in statements) == 1


def test_posting_looks_for_no_round_or_offers_of_the_shift_it_just_wrote(
    app, client, login, population
):
    """A shift written in this request has neither: the ranking read first says it is new."""
    from sqlalchemy import event

    employer, _people = population()
    login(employer)
    starts = to_local(utcnow() + timedelta(hours=5))
    form = {"kind": "urgent", "title": "Sijainen", "description": "", "place": "94100"}
    form |= {"day": starts.date().isoformat(), "start": starts.strftime("%H:%M")}
    form |= {"end": (starts + timedelta(hours=3)).strftime("%H:%M"), "languages": ["fi"]}
    statements = []
    listener = lambda *args: statements.append(" ".join(args[2].split()))  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert client.post("/vuorot/uusi", data=form).status_code == 302
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert db.session.scalar(select(func.count(Offer.id))) > 0
    assert not [s for s in statements if s.startswith("SELECT offer_rounds.")]
    assert not [s for s in statements if s.startswith("SELECT offers.assistant_id FROM offers")]
