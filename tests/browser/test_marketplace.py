"""Marketplace pages in Chromium: axe-clean everywhere, a keyboard-only assistant flow and
the employer's confirm flow with the mouse."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AvailabilityWindow,
    Booking,
    Offer,
    OfferState,
    Role,
    Shift,
    ShiftKind,
    ShiftState,
)
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


def _shift(employer, days=3, hours=4, **fields):
    starts = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=days)
    shift = Shift(
        employer_id=employer.id,
        kind=fields.pop("kind", ShiftKind.ONE_OFF),
        state=fields.pop("state", ShiftState.OPEN),
        title=fields.pop("title", "Aamuvuoro Kemissä"),
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        postcode="94100",
        languages="fi",
        **fields,
    )
    db.session.add(shift)
    db.session.commit()
    return shift


def test_assistant_adds_a_window_and_applies_with_the_keyboard_only(live_server, page, make_user):
    employer = make_user(Role.EMPLOYER)
    assistant = make_user(Role.ASSISTANT)
    shift = _shift(employer)
    weekday = shift.starts_at.astimezone().weekday()
    login_as(page, live_server, assistant.email, PASSWORD)
    page.goto(live_server.url + "/avustaja/saatavuus")
    axe_check(page, "availability, empty")
    tab_to(page, f"#new-weekdays-{weekday}")
    page.keyboard.press("Space")
    tab_to(page, "#new-start")
    page.keyboard.type("00:00")
    tab_to(page, "#new-end")
    page.keyboard.type("00:00")
    tab_to(page, "form[action$='/saatavuus/lisaa'] [type=submit]")
    press_and_wait(page, "Enter")
    assert path_of(page) == "/avustaja/saatavuus", page.inner_text("main")[:800]
    window = db.session.scalar(select(AvailabilityWindow))
    assert (window.weekday, window.start_min, window.end_min) == (weekday, 0, 1440)
    axe_check(page, "availability with a window")
    # A second day too, in case the shift crosses into it in Helsinki time.
    db.session.add(
        AvailabilityWindow(
            assistant_id=assistant.id, weekday=(weekday + 1) % 7, start_min=0, end_min=1440
        )
    )
    db.session.commit()
    page.goto(live_server.url + "/vuorot/minulle")
    axe_check(page, "shifts for me")
    tab_to(page, f"main a[href='/vuorot/{shift.id}']")
    press_and_wait(page, "Enter")
    axe_check(page, "shift view")
    tab_to(page, "#message")
    page.keyboard.type("Voin tulla, minulla on auto.")
    tab_to(page, "main form[action$='/hae'] [type=submit]")
    press_and_wait(page, "Enter")
    offer = db.session.scalar(select(Offer))
    assert offer.state == OfferState.APPLIED
    assert "Voin tulla" in offer.message
    page.goto(live_server.url + "/avustaja/omat-vuorot")
    axe_check(page, "my shifts")
    page.goto(live_server.url + "/avustaja/ilmoitus")
    axe_check(page, "announcement")


def test_employer_pages_and_confirm_flow(live_server, page, make_user):
    employer = make_user(Role.EMPLOYER)
    assistant = make_user(Role.ASSISTANT, first_name="Aino")
    for weekday in range(7):
        db.session.add(
            AvailabilityWindow(
                assistant_id=assistant.id, weekday=weekday, start_min=0, end_min=1440
            )
        )
    db.session.commit()
    shift = _shift(employer)
    login_as(page, live_server, employer.email, PASSWORD)
    for path in ("/tyonantaja/profiili", "/tyonantaja/rinki", "/vuorot/omat", "/vuorot/uusi"):
        page.goto(live_server.url + path)
        axe_check(page, path)
    page.goto(live_server.url + f"/vuorot/{shift.id}/ehdokkaat")
    axe_check(page, "candidates")
    page.check(f"#invite-{assistant.id}")
    with page.expect_navigation():
        page.click("main form[action$='/kutsu'] [type=submit]")
    axe_check(page, "manage with an invitation")
    logout(page)
    login_as(page, live_server, assistant.email, PASSWORD)
    page.goto(live_server.url + f"/vuorot/{shift.id}")
    with page.expect_navigation():
        page.click("button[value=yes]")
    logout(page)
    login_as(page, live_server, employer.email, PASSWORD)
    page.goto(live_server.url + f"/vuorot/{shift.id}/hallinta")
    with page.expect_navigation():
        page.click("main form[action*='/vahvista/'] [type=submit]")
    assert assistant.email in page.inner_text("main")
    axe_check(page, "manage, confirmed")
    db.session.expire_all()
    assert db.session.get(Shift, shift.id).state == ShiftState.FILLED


def test_after_shift_page_and_rating(live_server, page, make_user):
    employer, assistant = make_user(Role.EMPLOYER), make_user(Role.ASSISTANT)
    shift = _shift(employer, days=-3, state=ShiftState.FILLED)
    booking = Booking(
        shift_id=shift.id,
        assistant_id=assistant.id,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
    )
    db.session.add(booking)
    db.session.commit()
    login_as(page, live_server, assistant.email, PASSWORD)
    page.goto(live_server.url + f"/vuorot/varaus/{booking.id}")
    axe_check(page, "after the shift")
    with page.expect_navigation():
        page.click("main form[action$='/toteutui'] [type=submit]")
    page.check("#stars-0")
    page.fill("#comment", "Mukava työnantaja")
    with page.expect_navigation():
        page.click("main form[action$='/arvio'] [type=submit]")
    axe_check(page, "after rating")
    assert "Kiitos" in page.inner_text("main")
