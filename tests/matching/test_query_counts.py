"""Pages run a bounded number of queries however many shifts, employers and assistants exist.

"Shifts for me" once read the ring, exclusions and history per shift (471 queries at
national size), "Positions for me" likewise per position; each page is counted here at N
and at 10×N rows and must stay the same.
"""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event

from portal.extensions import db
from portal.models import (
    AvailabilityWindow,
    Booking,
    ExcludedAssistant,
    Position,
    PositionState,
    PositionWindow,
    RingMember,
    Role,
    Shift,
    ShiftKind,
    ShiftState,
    utcnow,
)

MAX_QUERIES = 25


@contextmanager
def counted():
    """Count the SQL statements sent to the database inside the block."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _grow(make_user, me, main_employer, n, soon, first=0):
    """Add n employers with an open shift each (some excluding or ringing `me`) and n assistants."""
    past = utcnow() - timedelta(days=20)
    for i in range(first, first + n):
        employer = make_user(Role.EMPLOYER)
        for hours_later in (0, 24):
            start = soon + timedelta(hours=hours_later + i % 5)
            db.session.add(
                Shift(
                    employer_id=employer.id,
                    kind=ShiftKind.ONE_OFF,
                    state=ShiftState.OPEN,
                    title=f"Vuoro {employer.id}",
                    starts_at=start,
                    ends_at=start + timedelta(hours=3),
                    postcode="94100",
                )
            )
        done = Shift(
            employer_id=employer.id,
            kind=ShiftKind.ONE_OFF,
            state=ShiftState.COMPLETED,
            title="Mennyt",
            starts_at=past - timedelta(days=i),
            ends_at=past - timedelta(days=i) + timedelta(hours=2),
            postcode="94100",
        )
        db.session.add(done)
        position = Position(
            employer_id=employer.id,
            state=PositionState.OPEN,
            title=f"Tehtävä {employer.id}",
            starts_on=(soon + timedelta(days=i % 5)).date(),
            postcode="94100",
        )
        db.session.add(position)
        db.session.flush()
        db.session.add(
            PositionWindow(position_id=position.id, weekday=i % 5, start_min=480, end_min=720)
        )
        db.session.add(
            Booking(
                shift_id=done.id,
                assistant_id=me.id,
                starts_at=done.starts_at,
                ends_at=done.ends_at,
                confirmed_at=done.starts_at,
            )
        )
        if i % 3 == 0:
            db.session.add(RingMember(employer_id=employer.id, assistant_id=me.id))
        if i % 7 == 3:
            db.session.add(ExcludedAssistant(employer_id=employer.id, assistant_id=me.id))
        other = make_user(Role.ASSISTANT)
        for weekday in range(7):
            db.session.add(
                AvailabilityWindow(
                    assistant_id=other.id, weekday=weekday, start_min=0, end_min=1440
                )
            )
        db.session.add(RingMember(employer_id=main_employer.id, assistant_id=other.id))
        if i % 4 == 1:
            db.session.add(ExcludedAssistant(employer_id=main_employer.id, assistant_id=other.id))
    db.session.commit()


def _queries(client, url) -> int:
    client.get(url)  # the first request after a change applies the change log
    with counted() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


PAGES = {
    "candidates": None,  # the employer's own shift, filled in below
    "shifts_for_me": "/vuorot/minulle",
    "positions_for_me": "/tehtavat/minulle",
    "announcement_search": "/ilmoitukset",
}


@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_does_not_grow_with_data(
    page, client, login, make_user, make_shift, always_available, soon
):
    me = always_available(make_user(Role.ASSISTANT))
    main_employer = make_user(Role.EMPLOYER)
    shift = make_shift(employer=main_employer)
    url = PAGES[page] or f"/vuorot/{shift.id}/ehdokkaat"
    viewer = main_employer if page in {"candidates", "announcement_search"} else me
    login(viewer)
    _grow(make_user, me, main_employer, 3, soon)
    small = _queries(client, url)
    _grow(make_user, me, main_employer, 27, soon, first=3)
    large = _queries(client, url)
    page_text = client.get(url).get_data(as_text=True)
    if page == "shifts_for_me":
        assert "Vuoro" in page_text
    if page == "positions_for_me":
        assert "Tehtävä" in page_text
    assert small == large
    assert large <= MAX_QUERIES


def test_a_stored_shifts_skills_come_in_one_query_each_list_kept_apart(make_shift):
    from portal.models import Skill
    from portal.services.matching.adapter import skill_codes

    lift, sign = (Skill(code=c, name_fi=c, name_sv=c, name_en=c) for c in ("nosto", "viittomat"))
    shift = make_shift()
    shift.required_skills, shift.preferred_skills = [lift], [sign]
    db.session.commit()
    assert skill_codes(shift) == ({"nosto"}, {"viittomat"})  # lists loaded: no query needed
    db.session.expire_all()
    stored = db.session.get(Shift, shift.id)
    with counted() as statements:
        assert skill_codes(stored) == ({"nosto"}, {"viittomat"})
    assert len(statements) == 1
