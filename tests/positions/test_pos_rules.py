"""The decision's limits, the relatives rule and the Working Hours Act, through the services."""

from datetime import time, timedelta

import pytest
from pos_helpers import next_monday
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, HoursPer, Role
from portal.services.errors import DomainError
from portal.services.marketplace import applications, bookings
from portal.services.positions import employments, relatives
from portal.services.positions.warnings import DECISION, WORKTIME, WarningsPending
from portal.timeutil import local_to_utc


def _apply_and_hire(employer, assistant, position, **kwargs):
    application = employments.apply(assistant, position.id, "", False, "")
    db.session.commit()
    return employments.hire(employer, position.id, application.id, **kwargs)


def test_over_the_granted_hours_an_employer_is_stopped_and_a_coordinator_proceeds_audited(
    make_user, make_position, make_decision, always_available
):
    employer = make_user(Role.EMPLOYER)
    position = make_position(employer)  # posted before the decision was filed
    make_decision(employer, granted=40)  # 40 h a month; Mon–Fri 8–14 is about 130 h
    assistant = always_available(make_user(Role.ASSISTANT))
    with pytest.raises(WarningsPending) as caught:
        _apply_and_hire(employer, assistant, position)
    assert caught.value.blocked
    assert any(w.kind == DECISION and "40 h a month" in w.message for w in caught.value.warnings)
    db.session.rollback()
    coordinator = make_user(Role.COORDINATOR)
    application = employments.application_of(position.id, assistant.id)
    with pytest.raises(WarningsPending) as caught:
        employments.hire(coordinator, position.id, application.id)
    assert not caught.value.blocked
    employments.hire(coordinator, position.id, application.id, acknowledged=True)
    db.session.commit()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action.like("hiring.%")))
    assert event.actor_id == coordinator.id


def test_posting_past_the_decision_warns_before_saving(make_user, make_decision):
    from pos_helpers import WEEKDAYS_8_14

    from portal.services.positions import positions

    employer = make_user(Role.EMPLOYER)
    make_decision(employer, granted=10, per=HoursPer.WEEK)
    draft = positions.PositionDraft(
        title="Aamut",
        tasks="",
        windows=WEEKDAYS_8_14,
        starts_on=next_monday(),
        ends_on=None,
        place="94100",
        languages=["fi"],
        required=[],
        preferred=[],
        pay_basis="",
    )
    with pytest.raises(WarningsPending) as caught:
        positions.post_position(employer, draft)
    assert "10 h a week" in caught.value.warnings[0].message
    db.session.rollback()


def test_night_work_not_granted_warns(make_user, make_decision, make_position):
    employer = make_user(Role.EMPLOYER)
    coordinator = make_user(Role.COORDINATOR)
    position = make_position(employer, windows=[(4, 22 * 60, 7 * 60)])
    make_decision(employer, granted=400, night=False)
    assistant = make_user(Role.ASSISTANT)
    application = employments.apply(assistant, position.id, "", False, "")
    with pytest.raises(WarningsPending) as caught:
        employments.hire(coordinator, position.id, application.id)
    assert any("Night work" in w.message for w in caught.value.warnings)
    db.session.rollback()


def test_confirming_a_shift_over_the_hours_warns(make_user, make_shift, make_decision, soon):
    employer = make_user(Role.EMPLOYER)
    make_decision(employer, granted=3, evening=True)
    shift = make_shift(employer=employer, starts_at=soon, hours=4)
    assistant = make_user(Role.ASSISTANT)
    applications.apply(assistant, shift.id, "", False, "")
    offer = applications.offer_of(shift.id, assistant.id)
    db.session.commit()
    with pytest.raises(WarningsPending):
        applications.confirm_offer(employer, shift.id, offer.id)
    db.session.rollback()


def test_a_declared_relative_is_confirmed_only_when_the_decision_names_them(
    make_user, make_shift, make_decision
):
    employer = make_user(Role.EMPLOYER)
    daughter = make_user(Role.ASSISTANT, first_name="Liisa", last_name="Mäkinen")
    shift = make_shift(employer=employer)
    applications.apply(daughter, shift.id, "", True, "child")
    db.session.commit()
    with pytest.raises(DomainError, match="decision on file names them"):
        bookings.confirm(shift, daughter.id, employer)
    db.session.rollback()
    make_decision(employer, relatives=[("Liisa  mäkinen", "child")])
    bookings.confirm(shift, daughter.id, employer)
    db.session.commit()


def test_the_decision_must_name_the_same_relation(make_user, make_position, make_decision):
    employer = make_user(Role.EMPLOYER)
    position = make_position(employer)
    make_decision(employer, granted=400, relatives=[("Pekka Virtanen", "sibling")])
    pekka = make_user(Role.ASSISTANT, first_name="Pekka", last_name="Virtanen")
    application = employments.apply(pekka, position.id, "", True, "spouse")
    with pytest.raises(DomainError, match="decision on file"):
        employments.hire(employer, position.id, application.id)
    db.session.rollback()


def test_a_yes_to_being_a_relative_must_say_which(make_user, make_position):
    position = make_position()
    assistant = make_user(Role.ASSISTANT)
    with pytest.raises(DomainError, match="how you are related"):
        employments.apply(assistant, position.id, "", True, "")
    db.session.rollback()


def test_staff_see_the_declarations(make_user, make_position):
    position = make_position()
    assistant = make_user(Role.ASSISTANT)
    employments.apply(assistant, position.id, "", True, "parent")
    db.session.commit()
    found = relatives.declarations(make_user(Role.COORDINATOR))
    assert [(d.assistant.id, d.relation, d.approved) for d in found] == [
        (assistant.id, "parent", False)
    ]
    with pytest.raises(DomainError):
        relatives.declarations(assistant)


def test_less_than_eleven_hours_of_rest_warns_without_naming_the_other_employer(
    make_user, make_shift, make_position, always_available
):
    assistant = always_available(make_user(Role.ASSISTANT))
    other_employer = make_user(Role.EMPLOYER, first_name="Salainen")
    monday = next_monday()
    late = make_shift(
        employer=other_employer, starts_at=local_to_utc(monday, time(0)) - timedelta(hours=3)
    )
    bookings.confirm(late, assistant.id, None)  # Sunday 21:00–01:00, then Monday 8:00
    employer = make_user(Role.EMPLOYER)
    position = make_position(employer, windows=[(0, 480, 840)])
    with pytest.raises(WarningsPending) as caught:
        _apply_and_hire(employer, assistant, position)
    messages = [w.message for w in caught.value.warnings]
    assert caught.value.warnings[0].kind == WORKTIME
    assert "less than 11 hours of rest" in messages[0]
    assert not any("Salainen" in m for m in messages)
    db.session.rollback()
    application = employments.application_of(position.id, assistant.id)
    employments.hire(employer, position.id, application.id, acknowledged=True)  # employer may
    db.session.commit()


def test_a_split_day_with_a_long_night_is_enough_rest(make_user, make_position, always_available):
    employer = make_user(Role.EMPLOYER)
    assistant = always_available(make_user(Role.ASSISTANT))
    position = make_position(employer, windows=[(0, 420, 660), (0, 960, 1200)])
    _apply_and_hire(employer, assistant, position)  # 7–11 and 16–20: 11 h from 20 to 7
    db.session.commit()


def test_over_48_hours_a_week_across_employers_warns(make_user, make_position, always_available):
    assistant = always_available(make_user(Role.ASSISTANT))
    first = make_user(Role.EMPLOYER)
    _apply_and_hire(
        first, assistant, make_position(first, windows=[(d, 360, 900) for d in range(4)])
    )
    db.session.commit()  # 4 × 9 h = 36 h
    second = make_user(Role.EMPLOYER)
    position = make_position(second, windows=[(4, 360, 900), (5, 360, 900)])
    with pytest.raises(WarningsPending) as caught:
        _apply_and_hire(second, assistant, position)
    assert any("54 h" in w.message for w in caught.value.warnings)
    db.session.rollback()
