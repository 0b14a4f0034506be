"""The board in Chromium, keyboard only: search → request → accept → message, axe-clean."""

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AssistantProfile,
    AvailabilityWindow,
    ChatMessage,
    ContactRequest,
    ContactState,
    Role,
)
from tests.browser.helpers import axe_check, login_as, logout, path_of
from tests.browser.test_foundation_keyboard import press_and_wait, tab_to
from tests.browser.test_marketplace import _shift
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _fresh_server_index(live_server):
    """The served app keeps its own candidate index; the tables under it are emptied."""
    from portal.services.matching import adapter as matching

    with live_server.app.app_context():
        matching.reset_index()


def _tab(page, selector):
    tab_to(page, selector, limit=150)


def test_search_request_accept_and_message_with_the_keyboard_only(live_server, page, make_user):
    employer = make_user(Role.EMPLOYER, phone="040 1112222")
    assistant = make_user(Role.ASSISTANT, first_name="Aino", phone="040 3334444")
    db.session.get(AssistantProfile, assistant.id).announcement = "Kokenut ja iloinen avustaja"
    for weekday in range(7):
        db.session.add(
            AvailabilityWindow(
                assistant_id=assistant.id, weekday=weekday, start_min=0, end_min=1440
            )
        )
    db.session.commit()
    shift = _shift(employer, title="Aamuvuoro Kemissä")

    login_as(page, live_server, employer.email, PASSWORD)
    page.goto(live_server.url + "/ilmoitukset")
    axe_check(page, "search, first visit")
    _tab(page, "#place")
    page.keyboard.type("Kemi")
    _tab(page, "#road_km")
    page.keyboard.type("40")
    _tab(page, "main form.filters [type=submit]")
    press_and_wait(page, "Enter")
    assert "Aino" in page.inner_text("main")
    axe_check(page, "search results")
    _tab(page, f"main a[href='/ilmoitukset/{assistant.id}']")
    press_and_wait(page, "Enter")
    assert "3334444" not in page.content()
    axe_check(page, "announcement")
    _tab(page, "#about")
    _tab(page, "#note")
    page.keyboard.type("Hei! Sopisiko aamuvuoro?")
    _tab(page, "main form[action$='/yhteydenotto'] [type=submit]")
    press_and_wait(page, "Enter")
    item = db.session.scalar(select(ContactRequest))
    assert item.shift_id == shift.id
    assert path_of(page) == f"/keskustelut/{item.id}"
    axe_check(page, "conversation, waiting")
    logout(page)

    login_as(page, live_server, assistant.email, PASSWORD)
    page.goto(live_server.url + "/keskustelut")
    axe_check(page, "conversations")
    _tab(page, f"main a[href='/keskustelut/{item.id}']")
    press_and_wait(page, "Enter")
    _tab(page, "#answer-0")
    page.keyboard.press("Space")
    _tab(page, "main form[action$='/vastaa'] [type=submit]")
    press_and_wait(page, "Enter")
    db.session.expire_all()
    assert db.session.get(ContactRequest, item.id).state == ContactState.ACCEPTED
    assert "1112222" in page.inner_text("main")
    axe_check(page, "conversation, accepted")
    _tab(page, "#body")
    page.keyboard.type("Kiitos, sopii hyvin!")
    _tab(page, "main form[action$='/viesti'] [type=submit]")
    press_and_wait(page, "Enter")
    assert db.session.scalar(select(ChatMessage.body)) == "Kiitos, sopii hyvin!"
    axe_check(page, "conversation with a message")
    logout(page)

    login_as(page, live_server, employer.email, PASSWORD)
    page.goto(live_server.url + f"/keskustelut/{item.id}")
    assert "Kiitos, sopii hyvin!" in page.inner_text("main")
    assert "3334444" in page.inner_text("main")
    _tab(page, "main form[action$='/luettu'] [type=submit]")
    press_and_wait(page, "Enter")
    db.session.expire_all()
    assert db.session.scalar(select(ChatMessage.read_at)) is not None
    for path in ("/haut", "/estot"):
        page.goto(live_server.url + path)
        axe_check(page, path)
