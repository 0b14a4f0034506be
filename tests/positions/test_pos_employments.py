"""Positions: apply, hire (race-safe), occurrences are busy time, a day off in one step."""

import gc
import threading
import warnings
from datetime import time, timedelta

import pytest
from pos_helpers import next_monday
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    AbsenceReason,
    ChangeLog,
    Employment,
    OfferRound,
    Position,
    PositionState,
    Role,
    Shift,
    ShiftKind,
    ShiftState,
    User,
)
from portal.services.errors import ConflictError, DomainError
from portal.services.marketplace import bookings
from portal.services.matching import adapter as matching
from portal.services.matching.candidate_rows import load_candidates
from portal.services.matching.positions import positions_for_assistant, rank_applicants
from portal.services.positions import absences, employments
from portal.timeutil import local_to_utc, today_local


def _hired(make_user, make_position, always_available, **fields):
    employer = make_user(Role.EMPLOYER)
    assistant = always_available(make_user(Role.ASSISTANT))
    position = make_position(employer, **fields)
    application = employments.apply(assistant, position.id, "Hei", False, "")
    employment = employments.hire(employer, position.id, application.id)
    db.session.commit()
    return employer, assistant, position, employment


def test_assistant_sees_matching_positions_ranked_and_applies(
    make_user, make_position, always_available
):
    near = make_position(title="Kemi aamut")
    far = make_position(title="Utsjoki", place="99980")
    assistant = always_available(make_user(Role.ASSISTANT))
    found = [r.position.id for r in positions_for_assistant(assistant)]
    assert near.id in found
    assert far.id not in found
    application = employments.apply(assistant, near.id, "Olen kokenut", False, "")
    db.session.commit()
    ranked = rank_applicants(near, [application.assistant_id])
    assert ranked[assistant.id].match.coverage == 1.0
    with pytest.raises(ConflictError):
        employments.apply(assistant, near.id, "Again", False, "")


def test_hiring_makes_occurrences_busy_for_rankings_and_bookings(
    make_user, make_position, make_shift, always_available
):
    employer, assistant, position, employment = _hired(make_user, make_position, always_available)
    assert db.session.get(Position, position.id).state == PositionState.FILLED
    monday = next_monday()
    start = local_to_utc(monday, time(9))
    busy = load_candidates([assistant.id])[0].busy
    assert any(s <= start < e for s, e in busy)
    # a shift at that time no longer ranks the assistant, and cannot be booked for them
    shift = make_shift(starts_at=start, hours=2)
    assert assistant.id not in [r.assistant.id for r in matching.rank_for_shift(shift)]
    with pytest.raises(ConflictError, match="regular position"):
        bookings.confirm(shift, assistant.id, None)
    db.session.rollback()
    # the afternoon is free
    later = make_shift(starts_at=local_to_utc(monday, time(15)), hours=2)
    bookings.confirm(later, assistant.id, None)
    db.session.commit()


def test_hiring_is_logged_for_fresh_indexes(make_user, make_position, always_available):
    before = db.session.scalar(select(func.max(ChangeLog.seq))) or 0
    _employer, assistant, _position, _employment = _hired(
        make_user, make_position, always_available
    )
    logged = db.session.scalars(select(ChangeLog.assistant_id).where(ChangeLog.seq > before))
    assert assistant.id in set(logged)


def test_a_busy_assistant_cannot_be_hired(make_user, make_position, make_shift, always_available):
    assistant = always_available(make_user(Role.ASSISTANT))
    shift = make_shift(starts_at=local_to_utc(next_monday() + timedelta(days=7), time(10)))
    bookings.confirm(shift, assistant.id, None)
    employer = make_user(Role.EMPLOYER)
    position = make_position(employer)
    application = employments.apply(assistant, position.id, "", False, "")
    db.session.commit()
    with pytest.raises(ConflictError, match="already works"):
        employments.hire(employer, position.id, application.id)
    db.session.rollback()
    assert db.session.get(Position, position.id).state == PositionState.OPEN


def test_ending_an_employment_frees_the_time_after_it(make_user, make_position, always_available):
    employer, assistant, _position, employment = _hired(make_user, make_position, always_available)
    last = next_monday() + timedelta(days=2)
    employments.end_employment(assistant, employment.id, last)
    db.session.commit()
    busy = load_candidates([assistant.id])[0].busy
    assert all(s < local_to_utc(last + timedelta(days=1), time(0)) for s, _e in busy)
    with pytest.raises(DomainError):
        employments.end_employment(employer, employment.id, last - timedelta(days=30))


def test_sick_day_becomes_an_urgent_shift_and_frees_the_regular_assistant(
    make_user, make_position, always_available
):
    employer, assistant, position, employment = _hired(make_user, make_position, always_available)
    tuesday = next_monday() + timedelta(days=1)
    start = local_to_utc(tuesday, time(8))
    absence = absences.report_absence(assistant, employment.id, start, AbsenceReason.SICK)
    db.session.commit()
    shift = db.session.get(Shift, absence.shift_id)
    assert shift.kind == ShiftKind.URGENT
    assert shift.state == ShiftState.OPEN
    assert (shift.starts_at, shift.ends_at) == (start, local_to_utc(tuesday, time(14)))
    assert db.session.scalar(select(OfferRound).where(OfferRound.shift_id == shift.id))
    busy = load_candidates([assistant.id])[0].busy
    assert not any(s <= start < e for s, e in busy)
    assert any(s <= start + timedelta(days=1) < e for s, e in busy)
    with pytest.raises(ConflictError, match="already reported"):
        absences.report_absence(employer, employment.id, start, AbsenceReason.SICK)
    db.session.rollback()


def test_without_the_employers_choice_no_round_starts(make_user, make_position, always_available):
    _employer, assistant, _p, employment = _hired(
        make_user, make_position, always_available, urgent_round_on_absence=False
    )
    start = local_to_utc(next_monday(), time(8))
    absence = absences.report_absence(assistant, employment.id, start, AbsenceReason.HOLIDAY)
    db.session.commit()
    assert (
        db.session.scalar(select(OfferRound).where(OfferRound.shift_id == absence.shift_id)) is None
    )


def test_only_real_future_occurrences_can_be_reported(make_user, make_position, always_available):
    _employer, assistant, _p, employment = _hired(make_user, make_position, always_available)
    saturday = local_to_utc(next_monday() + timedelta(days=5), time(8))
    with pytest.raises(DomainError, match="No such working time"):
        absences.report_absence(assistant, employment.id, saturday, AbsenceReason.SICK)
    stranger = make_user(Role.ASSISTANT)
    with pytest.raises(DomainError):
        absences.report_absence(stranger, employment.id, saturday, AbsenceReason.SICK)


def _race(app, jobs):
    barrier = threading.Barrier(len(jobs))
    results = []

    def worker(job):
        with app.test_request_context():
            barrier.wait()
            try:
                job()
                db.session.commit()
                results.append("won")
            except ConflictError:
                db.session.rollback()
                results.append("lost")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        db.engine.dispose()
        gc.collect()
    return results


def test_concurrent_hirings_of_one_position_hire_exactly_one(
    app, make_user, make_position, always_available
):
    employer = make_user(Role.EMPLOYER)
    position = make_position(employer)
    people = [always_available(make_user(Role.ASSISTANT)) for _ in range(4)]
    ids = [employments.apply(a, position.id, "", False, "").id for a in people]
    db.session.commit()
    employer_id = employer.id

    def hire(application_id):
        def job():
            actor = db.session.get(type(employer), employer_id)
            employments.hire(actor, position.id, application_id)

        return job

    results = _race(app, [hire(i) for i in ids])
    assert sorted(results) == ["lost"] * 3 + ["won"]
    count = db.session.scalar(select(func.count()).select_from(Employment))
    assert count == 1


def test_hiring_and_booking_one_assistant_at_once_never_double_books(
    app, make_user, make_position, make_shift, always_available
):
    assistant = always_available(make_user(Role.ASSISTANT))
    employer = make_user(Role.EMPLOYER)
    position = make_position(employer)
    application = employments.apply(assistant, position.id, "", False, "")
    shift = make_shift(starts_at=local_to_utc(next_monday() + timedelta(days=14), time(9)))
    db.session.commit()
    employer_id, shift_id, assistant_id = employer.id, shift.id, assistant.id

    def hire():
        employments.hire(db.session.get(type(employer), employer_id), position.id, application.id)

    def book():
        bookings.confirm(db.session.get(Shift, shift_id), assistant_id, None)

    results = _race(app, [hire, book])
    assert sorted(results) == ["lost", "won"]


def _suspended(assistant):
    from portal.services.staff import vetting_decisions

    staff = db.session.scalar(select(User).where(User.role == Role.COORDINATOR))
    vetting_decisions.suspend(staff, assistant, "Valitus")
    db.session.commit()


def test_suspending_the_hired_assistant_ends_a_running_employment_and_tells_the_employer(
    make_user, make_position, always_available
):
    from portal.models import Notification

    make_user(Role.COORDINATOR)
    employer, assistant, position, employment = _hired(make_user, make_position, always_available)
    position.starts_on = employment.starts_on = today_local() - timedelta(days=14)  # 2 weeks on
    db.session.commit()
    _suspended(assistant)
    db.session.expire_all()
    ended = db.session.get(Employment, employment.id)
    assert ended.ends_on == today_local() - timedelta(days=1)  # no occurrence from today on
    assert load_candidates([assistant.id]) == []
    told = db.session.scalars(select(Notification).where(Notification.user_id == employer.id))
    assert "employment.withdrawn" in [n.kind for n in told]


def test_suspending_an_assistant_hired_for_a_coming_position_reopens_it(
    make_user, make_position, always_available, client, login
):
    make_user(Role.COORDINATOR)
    employer, assistant, position, employment = _hired(make_user, make_position, always_available)
    assert employment.starts_on > today_local()
    _suspended(assistant)
    db.session.expire_all()
    assert db.session.get(Employment, employment.id) is None  # the hiring never started
    assert db.session.get(Position, position.id).state == PositionState.OPEN
    other = always_available(make_user(Role.ASSISTANT))
    application = employments.apply(other, position.id, "Voisin tulla", False, "")
    assert employments.hire(employer, position.id, application.id).assistant_id == other.id
