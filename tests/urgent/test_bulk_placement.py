"""Coordinator bulk placement: the best total, confirm all or some, races told clearly."""

import itertools
import random
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Booking, Notification, Role, ShiftState
from portal.services.errors import DomainError
from portal.services.marketplace import bookings
from portal.services.urgent import bulk_placement


def _fake(assistant_id, score):
    return SimpleNamespace(
        assistant=SimpleNamespace(id=assistant_id), match=SimpleNamespace(score=score)
    )


def _brute_force(ranked):
    """Most shifts filled, then the highest total: every assignment tried."""
    people = sorted({r.assistant.id for rs in ranked for r in rs})
    best = (0, 0.0)
    options = [[None, *rs] for rs in ranked]
    for combo in itertools.product(*options):
        used = [r.assistant.id for r in combo if r is not None]
        if len(used) != len(set(used)):
            continue
        value = (len(used), round(sum(r.match.score for r in combo if r is not None), 9))
        best = max(best, value)
    assert people or best == (0, 0.0)
    return best


def _random_case(rng):
    """1-4 shifts, 1-5 people, each person ranked for each shift with chance 0.6."""
    shifts = [SimpleNamespace(id=i) for i in range(rng.randint(1, 4))]
    people = list(range(100, 100 + rng.randint(1, 5)))
    ranked = [
        [_fake(p, round(rng.uniform(0.1, 3.0), 3)) for p in people if rng.random() < 0.6]
        for _shift in shifts
    ]
    return shifts, ranked


@pytest.mark.parametrize("seed", range(25))
def test_proposal_is_optimal_on_small_cases_checked_by_brute_force(seed):
    rng = random.Random(seed)
    shifts, ranked = _random_case(rng)
    rows = bulk_placement.propose_for(shifts, ranked)
    chosen = [row.proposed for row in rows if row.proposed is not None]
    assert len({r.assistant.id for r in chosen}) == len(chosen)  # each assistant at most once
    for row, candidates in zip(rows, ranked, strict=True):  # eligibility exact
        assert row.proposed is None or row.proposed in candidates
        assert row.free == len(candidates)
    total = (len(chosen), round(sum(r.match.score for r in chosen), 9))
    assert total == _brute_force(ranked)


@pytest.fixture
def morning(population, urgent_shift, now, make_user):
    """Three urgent shifts of three employers this morning, and a coordinator."""
    coordinator = make_user(Role.COORDINATOR, locale="en")
    employer, people = population(ring=0, on_call=0, others=3)
    others = [make_user(Role.EMPLOYER, postcode="94100") for _ in range(2)]
    shifts = [urgent_shift(e, hours=1) for e in (employer, *others)]
    return coordinator, shifts, people["other"]


def _proposal(coordinator, now):
    return bulk_placement.propose(coordinator, now, now + timedelta(hours=4), now)


def test_coordinator_sees_every_shift_with_distinct_assistants(morning, now):
    coordinator, shifts, people = morning
    proposal = _proposal(coordinator, now)
    assert [row.shift.id for row in proposal.rows] == [s.id for s in shifts]
    proposed = [row.proposed.assistant.id for row in proposal.rows]
    assert sorted(proposed) == sorted(p.id for p in people)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "placement.bulk_view"))


def test_confirm_some_books_them_audited_and_told(morning, now):
    coordinator, shifts, people = morning
    rows = _proposal(coordinator, now).rows
    pairs = [(row.shift.id, row.proposed.assistant.id) for row in rows[:2]]
    placed = bulk_placement.confirm(coordinator, pairs, now)
    db.session.commit()
    assert [s.id for s in placed] == [s.id for s, _a in zip(shifts, pairs, strict=False)]
    assert [s.state for s in shifts] == [ShiftState.FILLED, ShiftState.FILLED, ShiftState.OPEN]
    booked = set(db.session.execute(select(Booking.shift_id, Booking.assistant_id)))
    assert booked == set(pairs)
    audits = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "shift.bulk_placed")
    ).all()
    assert len(audits) == 2
    for _shift_id, assistant_id in pairs:
        told = db.session.scalars(
            select(Notification.subject).where(Notification.user_id == assistant_id)
        ).all()
        assert told, "the placed assistant is told"
    assert [row.shift.id for row in _proposal(coordinator, now).rows] == [shifts[2].id]


def test_an_assistant_booked_meanwhile_gives_a_clear_message_and_books_nothing(
    morning, now, make_user, urgent_shift
):
    coordinator, shifts, people = morning
    rows = _proposal(coordinator, now).rows
    pairs = [(row.shift.id, row.proposed.assistant.id) for row in rows]
    taken_by = rows[1].proposed.assistant.id
    # meanwhile another employer confirmed that assistant for a shift at the same time
    elsewhere = urgent_shift(make_user(Role.EMPLOYER, postcode="94100"), hours=1)
    bookings.confirm(elsewhere, taken_by, None, now)
    db.session.commit()
    with pytest.raises(DomainError) as caught:
        bulk_placement.confirm(coordinator, pairs, now)
    db.session.rollback()
    # in the user's language (Finnish by default), naming who was booked meanwhile
    assert "sillä välin" in caught.value.message
    assert rows[1].proposed.assistant.first_name in caught.value.message
    assert db.session.scalar(select(Booking.id).where(Booking.shift_id == shifts[0].id)) is None


def test_the_page_proposes_and_confirms_in_one_step(client, morning, now, login):
    coordinator, shifts, people = morning
    login(coordinator)
    day = bulk_placement.default_day(now).isoformat()
    page = client.get(f"/koordinaattori/aamu?paiva={day}")
    assert page.status_code == 200
    values = [
        f"{row.shift.id}:{row.proposed.assistant.id}" for row in _proposal(coordinator, now).rows
    ]
    empty = client.post(f"/koordinaattori/aamu?paiva={day}", data={})
    assert empty.status_code == 400
    done = client.post(f"/koordinaattori/aamu?paiva={day}", data={"pairs": values[:1]})
    assert done.status_code == 302
    db.session.refresh(shifts[0])
    assert shifts[0].state == ShiftState.FILLED
    again = client.post(f"/koordinaattori/aamu?paiva={day}", data={"pairs": values[:1]})
    assert again.status_code == 409  # filled meanwhile: told on the page, not a 500
    assert 'role="alert"' in again.get_data(as_text=True)


def test_employers_cannot_open_the_page(client, morning, make_user, login):
    login(make_user(Role.EMPLOYER))
    assert client.get("/koordinaattori/aamu").status_code in (403, 404)


def test_each_row_asks_the_relation_and_a_declared_one_needs_the_decision(
    client, morning, now, login
):
    from portal.models import Offer

    coordinator, shifts, people = morning
    login(coordinator)
    day = bulk_placement.default_day(now).isoformat()
    rows = [row for row in _proposal(coordinator, now).rows if row.proposed]
    first = rows[0]
    page = client.get(f"/koordinaattori/aamu?paiva={day}").get_data(as_text=True)
    assert f'name="relation-{first.shift.id}"' in page  # asked per row, "not a relative" first
    value = f"{first.shift.id}:{first.proposed.assistant.id}"
    url = f"/koordinaattori/aamu?paiva={day}"
    refused = client.post(url, data={"pairs": [value], f"relation-{first.shift.id}": "sibling"})
    assert refused.status_code in (400, 409)
    assert 'role="alert"' in refused.get_data(as_text=True)
    db.session.refresh(first.shift)
    assert first.shift.state == ShiftState.OPEN  # nothing was placed
    bad = client.post(url, data={"pairs": [value], f"relation-{first.shift.id}": "cousin"})
    assert bad.status_code == 400
    done = client.post(url, data={"pairs": [value], f"relation-{first.shift.id}": ""})
    assert done.status_code == 302
    mine = db.session.scalar(
        select(Offer).where(
            Offer.shift_id == first.shift.id, Offer.assistant_id == first.proposed.assistant.id
        )
    )
    assert mine is None or mine.related_to_employer is False


def test_someone_silent_on_the_offer_is_proposed_only_when_nobody_else_is_free():
    shifts = [SimpleNamespace(id=1)]
    silent, fresh = _fake(100, 2.5), _fake(101, 1.0)
    # 100 ranks higher but had the offer and never answered: phone someone not yet asked
    rows = bulk_placement.propose_for(shifts, [[silent, fresh]], silent={(1, 100)})
    assert rows[0].proposed is fresh
    rows = bulk_placement.propose_for(shifts, [[silent]], silent={(1, 100)})
    assert rows[0].proposed is silent  # still proposed when nobody else is free


def test_the_likelier_yes_is_proposed_before_the_higher_score():
    shifts = [SimpleNamespace(id=1)]
    ranked_first, likely = _fake(100, 2.5), _fake(101, 1.0)
    # a coordinator's call is worth most where a yes is likeliest (the answer model)
    rows = bulk_placement.propose_for(
        shifts, [[ranked_first, likely]], chance={(1, 100): 0.05, (1, 101): 0.3}
    )
    assert rows[0].proposed is likely
    rows = bulk_placement.propose_for(
        shifts, [[ranked_first, likely]], chance={(1, 100): 0.2, (1, 101): 0.2}
    )
    assert rows[0].proposed is ranked_first  # equal chances: the ranking decides


@pytest.mark.parametrize("seed", range(15))
def test_proposal_maximises_the_expected_yeses_checked_by_brute_force(seed):
    rng = random.Random(seed)
    shifts, ranked = _random_case(rng)
    chance = {
        (s.id, r.assistant.id): round(rng.uniform(0.0, 0.5), 3)
        for s, rs in zip(shifts, ranked, strict=True)
        for r in rs
    }
    rows = bulk_placement.propose_for(shifts, ranked, chance=chance)
    chosen = [(row.shift.id, row.proposed.assistant.id) for row in rows if row.proposed]
    best = (0, 0.0)
    for combo in itertools.product(*[[None, *rs] for rs in ranked]):
        used = [r.assistant.id for r in combo if r is not None]
        if len(used) == len(set(used)):
            pairs = [(s.id, r.assistant.id) for s, r in zip(shifts, combo, strict=True) if r]
            best = max(best, (len(pairs), round(sum(chance[p] for p in pairs), 9)))
    assert (len(chosen), round(sum(chance[p] for p in chosen), 9)) == best


def test_chances_are_the_answer_models_yes_for_each_candidate(morning, now):
    coordinator, shifts, _people = morning
    ranked = bulk_placement.candidates(shifts)
    chance = bulk_placement.chances(shifts, ranked, now)
    assert set(chance) == {
        (s.id, r.assistant.id) for s, rs in zip(shifts, ranked, strict=True) for r in rs
    }
    assert all(0.0 <= p <= 1.0 for p in chance.values())
