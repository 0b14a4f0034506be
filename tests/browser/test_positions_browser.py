"""Positions in Chromium, axe-clean at every step and by the keyboard only: post a position,
apply, hire, report a sick day."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Absence,
    AvailabilityWindow,
    Employment,
    Position,
    PositionApplication,
    Role,
    Shift,
    ShiftKind,
)
from portal.services.positions import employments, positions
from portal.timeutil import today_local
from tests.browser.helpers import axe_check, login_as, logout, path_of
from tests.browser.test_foundation_keyboard import press_and_wait, tab_to
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _fresh_server_index(live_server):
    """The served app keeps its own candidate index; the tables under it are emptied."""
    from portal.services.matching import adapter as matching

    with live_server.app.app_context():
        matching.reset_index()


def _monday():
    today = today_local()
    return today + timedelta(days=7 - today.weekday())


def _position(employer):
    draft = positions.PositionDraft(
        title="Aamuavustaja Kemissä",
        tasks="Aamutoimet",
        windows=[(d, 480, 840) for d in range(5)],
        starts_on=_monday(),
        ends_on=None,
        place="94100",
        languages=["fi"],
        required=[],
        preferred=[],
        pay_basis="Heta-JHL TES",
    )
    position = positions.post_position(employer, draft)
    db.session.commit()
    return position


def _available(user):
    for weekday in range(7):
        db.session.add(
            AvailabilityWindow(assistant_id=user.id, weekday=weekday, start_min=0, end_min=1440)
        )
    db.session.commit()
    return user


def test_employer_posts_a_position_with_the_keyboard_only(live_server, page, make_user):
    employer = make_user(Role.EMPLOYER)
    login_as(page, live_server, employer.email, PASSWORD)
    page.goto(live_server.url + "/tehtavat/uusi")
    axe_check(page, "new position")
    tab_to(page, "#title")
    page.keyboard.type("Iltavuorot Kemissä")
    tab_to(page, "#tasks")
    page.keyboard.type("Iltatoimet ja ulkoilu")
    tab_to(page, "#windows-0-weekday")
    page.select_option("#windows-0-weekday", "1")  # a native select: arrow keys work too
    tab_to(page, "#windows-0-start")
    page.keyboard.type("16:00")
    tab_to(page, "#windows-0-end")
    page.keyboard.type("21:00")
    tab_to(page, "#starts_on")
    page.fill("#starts_on", _monday().isoformat())
    tab_to(page, "main form button[type=submit]")
    press_and_wait(page, "Enter")
    position = db.session.scalar(select(Position))
    assert position is not None, page.inner_text("main")[:800]
    assert path_of(page) == f"/tehtavat/{position.id}/hallinta"
    assert [(w.weekday, w.start_min, w.end_min) for w in position.windows] == [(1, 960, 1260)]
    axe_check(page, "position manage page")
    page.goto(live_server.url + "/tehtavat/omat")
    axe_check(page, "my positions")


def test_apply_hire_and_report_a_sick_day_with_the_keyboard_only(live_server, page, make_user):
    employer = make_user(Role.EMPLOYER)
    assistant = _available(make_user(Role.ASSISTANT))
    position = _position(employer)
    login_as(page, live_server, assistant.email, PASSWORD)
    page.goto(live_server.url + "/tehtavat/minulle")
    axe_check(page, "positions for me")
    tab_to(page, f"main a[href='/tehtavat/{position.id}']")
    press_and_wait(page, "Enter")
    axe_check(page, "one position")
    tab_to(page, "#message")
    page.keyboard.type("Asun lähellä ja pääsen aamuisin.")
    tab_to(page, "form[action$='/hae'] button[type=submit]")
    press_and_wait(page, "Enter")
    application = db.session.scalar(select(PositionApplication))
    assert application is not None, page.inner_text("main")[:800]
    axe_check(page, "applied")
    logout(page)

    login_as(page, live_server, employer.email, PASSWORD)
    page.goto(live_server.url + f"/tehtavat/{position.id}/hallinta")
    axe_check(page, "applicants")
    tab_to(page, f"form[action$='/palkkaa/{application.id}'] button")
    press_and_wait(page, "Enter")
    employment = db.session.scalar(select(Employment))
    assert employment is not None, page.inner_text("main")[:800]
    assert path_of(page) == f"/tehtavat/tyosuhteet/{employment.id}"
    axe_check(page, "employment")
    logout(page)

    login_as(page, live_server, assistant.email, PASSWORD)
    page.goto(live_server.url + f"/tehtavat/tyosuhteet/{employment.id}")
    tab_to(page, "#reason-1")
    page.select_option("#reason-1", "sick")
    tab_to(page, "form[action$='/poissa'] button")
    press_and_wait(page, "Enter")
    absence = db.session.scalar(select(Absence))
    assert absence is not None, page.inner_text("main")[:800]
    assert db.session.get(Shift, absence.shift_id).kind == ShiftKind.URGENT
    axe_check(page, "after the sick day")
    assert "poissa" in page.inner_text("main")


def test_hiring_past_the_decision_shows_the_warnings_page_accessibly(live_server, page, make_user):
    from portal.models import HoursPer
    from portal.services.positions import decisions

    employer = make_user(Role.EMPLOYER)
    assistant = _available(make_user(Role.ASSISTANT))
    position = _position(employer)
    application = employments.apply(assistant, position.id, "", False, "")
    draft = decisions.DecisionDraft(
        decided_on=today_local(),
        valid_from=today_local(),
        valid_until=None,
        granted_hours=10,
        hours_per=HoursPer.WEEK,
    )
    decisions.record_decision(employer, employer.id, draft)
    db.session.commit()
    login_as(page, live_server, employer.email, PASSWORD)
    page.goto(live_server.url + f"/tehtavat/{position.id}/hallinta")
    tab_to(page, f"form[action$='/palkkaa/{application.id}'] button")
    press_and_wait(page, "Enter")
    assert "10 h" in page.inner_text("main")
    axe_check(page, "warnings page")
    assert db.session.scalar(select(Employment)) is None
