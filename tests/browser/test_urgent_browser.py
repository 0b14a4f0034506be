"""Done-when for urgent substitutes: post in the browser, offers by email and in-app,
one yes (keyboard only), the employer confirms, the others are told. Axe on every page."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AssistantProfile,
    AvailabilityWindow,
    Notification,
    Offer,
    OfferState,
    RingMember,
    Role,
    Shift,
    ShiftState,
)
from portal.services.matching import adapter as matching
from portal.timeutil import today_local
from tests.browser.helpers import axe_check, login_as
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _people(make_user):
    employer = make_user(Role.EMPLOYER, postcode="94100", first_name="Erkki")
    assistants = []
    for n in range(4):
        user = make_user(Role.ASSISTANT, postcode="94100", first_name=f"Avustaja{n}")
        profile = db.session.get(AssistantProfile, user.id)
        profile.max_travel_km, profile.on_call = 100.0, n == 3
        for day in range(7):
            db.session.add(
                AvailabilityWindow(assistant_id=user.id, weekday=day, start_min=0, end_min=1440)
            )
        if n < 2:
            db.session.add(RingMember(employer_id=employer.id, assistant_id=user.id))
        assistants.append(user)
    db.session.commit()
    matching.reset_index()
    return employer, assistants


def _tab_to(page, selector, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_urgent_shift_is_offered_answered_and_confirmed(live_server, page, browser, make_user):
    employer, assistants = _people(make_user)
    login_as(page, live_server, employer.email, PASSWORD)
    page.goto(live_server.url + "/vuorot/uusi")
    page.check("input[name=kind][value=urgent]")
    page.fill("#title", "Aamuvuoro")
    page.fill("#day", (today_local() + timedelta(days=1)).isoformat())
    page.fill("#start", "09:00")
    page.fill("#end", "13:00")
    page.fill("#place", "94100")
    with page.expect_navigation():
        page.click("main form [type=submit]")
    db.session.rollback()
    shift = db.session.scalar(select(Shift).where(Shift.employer_id == employer.id))
    offers = db.session.scalars(
        select(Offer).where(Offer.shift_id == shift.id).order_by(Offer.id)
    ).all()
    # The wave's size comes from the chance of a yes (issue 14); the ring is asked first.
    assert len(offers) >= 2
    assert {o.assistant_id for o in offers[:2]} == {a.id for a in assistants[:2]}

    page.goto(live_server.url + "/demo/lahtevat")
    outbox = page.inner_text("main")
    for offer in offers:  # the employer sees only mail sent to the employer
        assert offer.assistant.email not in outbox

    page.goto(live_server.url + f"/vuorot/{shift.id}/haku")
    assert "Keiltä kysyttiin" in page.inner_text("main")
    axe_check(page, "round page")

    chosen = offers[0].assistant
    helper = browser.new_context(locale="fi-FI", timezone_id="Europe/Helsinki")
    tab = helper.new_page()
    login_as(tab, live_server, chosen.email, PASSWORD)
    tab.goto(live_server.url + "/demo/lahtevat")
    outbox = tab.inner_text("main")
    assert chosen.email in outbox
    assert "Kiireellinen sijaistarve" in outbox
    assert offers[1].assistant.email not in outbox
    tab.goto(live_server.url + "/viestit")
    assert "Kiireellinen sijaistarve" in tab.inner_text("main")
    axe_check(tab, "inbox")
    tab.goto(live_server.url + "/tarjoukset")
    axe_check(tab, "offers page")
    _tab_to(tab, f"form[action$='/tarjoukset/{offers[0].id}/vastaa'] [name=yes]")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")  # answered yes with the keyboard only
    assert "Kiitos" in tab.inner_text("main")
    tab.goto(live_server.url + "/viestiasetukset")
    axe_check(tab, "message settings")
    helper.close()

    page.goto(live_server.url + f"/vuorot/{shift.id}/haku")
    with page.expect_navigation():
        page.click(f"form[action$='/valitse/{offers[0].id}'] button")
    assert "Sijainen vahvistettu" in page.inner_text("main")
    axe_check(page, "round page after the pick")
    db.session.rollback()
    assert db.session.get(Shift, shift.id).state == ShiftState.FILLED
    for offer in offers[1:]:
        db.session.refresh(offer)
        assert offer.state == OfferState.FILLED_ELSEWHERE
        told = db.session.scalars(
            select(Notification.subject).where(Notification.user_id == offer.assistant_id)
        ).all()
        assert "Vuoro täytetty" in told
