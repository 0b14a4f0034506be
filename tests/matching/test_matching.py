"""The adapter: rows become Candidates, and every kind of change shows at the next ranking."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import create_app
from portal.extensions import db
from portal.models import (
    AssistantProfile,
    AvailabilityException,
    AvailabilityWindow,
    Booking,
    ExceptionKind,
    ExcludedAssistant,
    Rating,
    RingMember,
    Role,
    Skill,
    Status,
    User,
)
from portal.services.marketplace import bookings
from portal.services.matching import adapter as matching
from portal.services.matching.candidate_rows import apply_exceptions, load_candidates, split_window
from portal.services.matching.distance import DistanceEstimator, estimator
from portal.timeutil import to_local


def ranked_ids(shift):
    return [r.assistant.id for r in matching.rank_for_shift(shift)]


@pytest.fixture
def pair(make_user, make_shift, always_available):
    """An always-available assistant in Kemi and an open shift in Kemi."""
    assistant = always_available(make_user(Role.ASSISTANT, postcode="94100"))
    return assistant, make_shift(postcode="94100")


def test_estimator_converts_both_ways(app):
    estimate = DistanceEstimator(1.3, {"Lappi": 1.5})
    assert estimate.road_km(10) == pytest.approx(13)
    assert estimate.straight_km(13) == pytest.approx(10)
    assert estimate.road_km(10, "Lappi") == pytest.approx(15)
    assert estimator().factor() == app.config["ROAD_DETOUR_FACTOR"]


def test_over_midnight_window_splits():
    assert split_window(6, 21 * 60, 8 * 60) == [(6, 1260, 1440), (0, 0, 480)]
    assert split_window(2, 60, 120) == [(2, 60, 120)]


def test_extra_day_adds_availability_only_on_that_date(soon):
    day = to_local(soon).date()
    weekly, busy = apply_exceptions((), [(day, ExceptionKind.EXTRA, 600, 720)], day)
    assert weekly == ((day.weekday(), 600, 720),)
    busy_days = {to_local(start).date() for start, _ in busy}
    assert day not in busy_days
    assert day + timedelta(days=7) in busy_days


def test_candidate_fields_come_from_rows(pair, make_user):
    assistant, shift = pair
    profile = db.session.get(AssistantProfile, assistant.id)
    profile.skills = [db.session.scalar(select(Skill).where(Skill.code == "lifting"))]
    profile.languages = "fi sv"
    profile.on_call = True
    profile.max_travel_km = 26.0
    db.session.commit()
    (candidate,) = load_candidates([assistant.id])
    assert candidate.skills == frozenset({"lifting"})
    assert candidate.languages == frozenset({"fi", "sv"})
    assert candidate.on_call is True
    assert candidate.max_travel_km == pytest.approx(20.0)  # 26 road km / 1.3
    assert len(candidate.weekly) == 7


def test_pending_hidden_and_unplaced_assistants_are_not_candidates(make_user, always_available):
    pending = always_available(make_user(Role.ASSISTANT, status=Status.PENDING))
    hidden = always_available(make_user(Role.ASSISTANT))
    db.session.get(AssistantProfile, hidden.id).visible = False
    db.session.commit()
    assert load_candidates([pending.id, hidden.id]) == []


def test_ranking_gives_road_km_and_reasons(pair):
    assistant, shift = pair
    (ranked,) = matching.rank_for_shift(shift)
    assert ranked.assistant.id == assistant.id
    assert ranked.road_km == pytest.approx(ranked.match.distance_km * 1.3)
    assert ranked.match.coverage == 1.0


def test_every_kind_of_change_is_reflected_at_the_next_ranking(pair, make_user):
    assistant, shift = pair
    assert ranked_ids(shift) == [assistant.id]
    profile = db.session.get(AssistantProfile, assistant.id)

    profile.visible = False  # profile
    db.session.commit()
    assert ranked_ids(shift) == []
    profile.visible = True
    db.session.commit()
    assert ranked_ids(shift) == [assistant.id]

    weekday = to_local(shift.starts_at).weekday()  # availability
    window = db.session.scalar(
        select(AvailabilityWindow).where(
            AvailabilityWindow.assistant_id == assistant.id, AvailabilityWindow.weekday == weekday
        )
    )
    window.start_min = 23 * 60
    db.session.commit()
    assert ranked_ids(shift) == []
    window.start_min = 0
    db.session.commit()
    assert ranked_ids(shift) == [assistant.id]

    sick = AvailabilityException(  # dated exception
        assistant_id=assistant.id, day=to_local(shift.starts_at).date(), kind=ExceptionKind.SICK
    )
    db.session.add(sick)
    db.session.commit()
    assert ranked_ids(shift) == []
    db.session.delete(sick)
    db.session.commit()
    assert ranked_ids(shift) == [assistant.id]

    profile.skills = [db.session.scalar(select(Skill).where(Skill.code == "night"))]  # skills
    db.session.commit()
    matching.rank_for_shift(shift)
    assert matching.candidate_index()[1][assistant.id].skills == {"night"}

    user = db.session.get(User, assistant.id)  # account status
    user.status = Status.SUSPENDED
    db.session.commit()
    assert ranked_ids(shift) == []
    user.status = Status.APPROVED
    db.session.commit()
    assert ranked_ids(shift) == [assistant.id]


def test_booking_and_rating_changes_are_reflected(pair, make_shift, make_user):
    assistant, shift = pair
    assert ranked_ids(shift) == [assistant.id]
    overlapping = make_shift(starts_at=shift.starts_at, postcode="94100")
    booking = bookings.confirm(overlapping, assistant.id, None)  # booking makes them busy
    db.session.commit()
    assert ranked_ids(shift) == []
    bookings.cancel_booking(booking, db.session.get(User, assistant.id))
    db.session.commit()
    assert ranked_ids(shift) == [assistant.id]

    past = make_shift(starts_at=shift.starts_at - timedelta(days=20), postcode="94100")
    old = Booking(
        shift_id=past.id,
        assistant_id=assistant.id,
        starts_at=past.starts_at,
        ends_at=past.ends_at,
    )
    db.session.add(old)
    db.session.flush()
    rating = Rating(booking_id=old.id, rater_id=past.employer_id, ratee_id=assistant.id, stars=5)
    db.session.add(rating)
    db.session.commit()
    (ranked,) = matching.rank_for_shift(shift)
    assert (ranked.candidate.rating_count, ranked.candidate.completed) == (1, 1)
    rating.hidden = True  # a coordinator hides it
    db.session.commit()
    (ranked,) = matching.rank_for_shift(shift)
    assert ranked.candidate.rating_count == 0


def test_ring_exclusion_and_employer_limit(pair, make_user):
    assistant, shift = pair
    db.session.add(RingMember(employer_id=shift.employer_id, assistant_id=assistant.id))
    db.session.commit()
    (ranked,) = matching.rank_for_shift(shift)
    assert ranked.in_ring
    assert ranked.match.reasons["ring"] > 0
    db.session.add(ExcludedAssistant(employer_id=shift.employer_id, assistant_id=assistant.id))
    db.session.commit()
    assert ranked_ids(shift) == []


def test_assistant_travel_limit_is_in_road_km(make_user, make_shift, always_available):
    assistant = always_available(make_user(Role.ASSISTANT, postcode="95300"))  # Tervola
    shift = make_shift(postcode="94100")  # Kemi, ~40 km straight line
    profile = db.session.get(AssistantProfile, assistant.id)
    profile.max_travel_km = 45.0  # road km: too short once the detour is counted
    db.session.commit()
    assert ranked_ids(shift) == []
    profile.max_travel_km = 70.0
    db.session.commit()
    assert ranked_ids(shift) == [assistant.id]


def test_two_workers_each_see_a_change_made_by_the_other(pair, database_url):
    from tests.conftest import test_config as config_for

    assistant, shift = pair
    other = create_app(config_for(database_url))
    with other.test_request_context():
        assert [r.assistant.id for r in matching.rank_for_shift(db.session.merge(shift))] == [
            assistant.id
        ]
    db.session.get(AssistantProfile, assistant.id).visible = False
    db.session.commit()
    with other.test_request_context():
        assert matching.rank_for_shift(db.session.merge(shift)) == []
        db.session.remove()
        db.engine.dispose()
    assert ranked_ids(shift) == []


def test_shifts_for_me_ranks_eligible_open_shifts(pair, make_shift, make_user):
    assistant, near = pair
    far = make_shift(postcode="99980")  # Utsjoki: far beyond 40 road km
    found = matching.shifts_for_assistant(db.session.get(User, assistant.id))
    assert [r.shift.id for r in found] == [near.id]
    assert far.id not in [r.shift.id for r in found]
