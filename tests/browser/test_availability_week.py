"""Issue 16 item 11 in the browser: the availability page is short on a phone and is
used with the keyboard only (Mon–Fri in one submit)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AvailabilityException, AvailabilityWindow, Role
from portal.timeutil import today_local
from tests.browser.helpers import axe_check, has_horizontal_scroll, login_as
from tests.browser.test_foundation_keyboard import press_and_wait, tab_to
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_typical_week_fits_in_under_2000_px_on_a_phone(live_server, page, make_user):
    user = make_user(Role.ASSISTANT)
    for weekday in range(5):
        db.session.add(
            AvailabilityWindow(assistant_id=user.id, weekday=weekday, start_min=480, end_min=960)
        )
    db.session.add(AvailabilityWindow(assistant_id=user.id, weekday=5, start_min=1260, end_min=480))
    for days, kind in ((3, "holiday"), (9, "extra")):
        db.session.add(
            AvailabilityException(
                assistant_id=user.id, day=today_local() + timedelta(days=days), kind=kind
            )
        )
    db.session.commit()
    page.set_viewport_size({"width": 375, "height": 667})
    login_as(page, live_server, user.email, PASSWORD)
    page.goto(live_server.url + "/avustaja/saatavuus")
    height = page.evaluate("() => document.documentElement.scrollHeight")
    import os

    if os.environ.get("UX_SHOTS"):
        page.screenshot(path=os.environ["UX_SHOTS"] + "/availability-375.png", full_page=True)
    assert height < 2000, height
    assert not has_horizontal_scroll(page)
    axe_check(page, "availability week")


def test_monday_to_friday_with_the_keyboard_only(live_server, page, make_user):
    user = make_user(Role.ASSISTANT)
    login_as(page, live_server, user.email, PASSWORD)
    page.goto(live_server.url + "/avustaja/saatavuus")
    for day in range(5):
        tab_to(page, f"#new-weekdays-{day}")
        page.keyboard.press("Space")
    tab_to(page, "#new-start")
    page.keyboard.type("8")
    tab_to(page, "#new-end")
    page.keyboard.type("16")
    tab_to(page, "form.add-windows button[type=submit]")
    press_and_wait(page, "Enter")
    assert "Saatavuus lisätty" in page.inner_text("main")
    windows = db.session.scalars(select(AvailabilityWindow)).all()
    assert sorted(w.weekday for w in windows) == [0, 1, 2, 3, 4]
    # edit on demand: follow one window's "Change" link
    tab_to(page, "table.week a[href*='muokkaa=']")
    press_and_wait(page, "Enter")
    assert page.locator("form.edit-window").count() == 1
    axe_check(page, "availability, one window being changed")
