"""Phones (375 px): a compact menu that opens by keyboard, tables as cards, words whole,
and focus where the user needs it (issue 16: items 8, 9 and 15)."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from portal.models import Role, Status
from tests.browser.helpers import axe_check, has_horizontal_scroll, login_as
from tests.browser.test_foundation_keyboard import tab_to
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 667}


def _visible_menu_links(page) -> list[str]:
    return page.eval_on_selector_all(
        "header nav.main-nav a",
        "links => links.filter(a => a.checkVisibility()).map(a => a.pathname)",
    )


def test_phone_menu_is_folded_and_opens_with_the_keyboard(live_server, page, make_user):
    user = make_user(Role.EMPLOYER)
    page.set_viewport_size(PHONE)
    login_as(page, live_server, user.email, PASSWORD)
    page.goto(live_server.url + "/")
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] < 667 * 0.2, header
    assert _visible_menu_links(page) == []
    tab_to(page, "header details.menu > summary")
    page.keyboard.press("Enter")
    assert "/vuorot/omat" in _visible_menu_links(page)
    assert page.locator("header details.menu").get_attribute("open") is not None
    axe_check(page, "menu open")


def test_wide_screen_shows_the_menu_without_a_button(live_server, page, make_user):
    user = make_user(Role.ASSISTANT)
    page.set_viewport_size({"width": 1280, "height": 800})
    login_as(page, live_server, user.email, PASSWORD)
    assert not page.locator("header details.menu > summary").is_visible()
    assert "/vuorot/minulle" in _visible_menu_links(page)


def test_pending_user_menu_has_only_pages_they_may_open(live_server, page, make_user):
    user = make_user(Role.ASSISTANT, status=Status.PENDING)
    login_as(page, live_server, user.email, PASSWORD)
    links = _visible_menu_links(page)
    assert "/vuorot/minulle" not in links  # approved assistants only
    assert "/avustaja/ilmoitus" in links  # pending users may fill in their profile
    for path in links:
        response = page.goto(live_server.url + path)
        assert response.status < 400, path


def test_tables_become_cards_with_whole_words_on_a_phone(live_server, page, make_user):
    # The availability week is a phone-sized table (it opts out); the audit trail is wide.
    coordinator = make_user(Role.COORDINATOR)
    page.set_viewport_size(PHONE)
    login_as(page, live_server, coordinator.email, PASSWORD)
    page.goto(live_server.url + "/koordinaattori/loki")
    page.goto(live_server.url + "/koordinaattori/loki")  # now it lists the first look
    table = page.locator("main table.stack").first
    assert table.is_visible()
    cell = table.locator("td[data-label]").first
    assert cell.evaluate("td => getComputedStyle(td).display") == "block"
    assert cell.evaluate("td => getComputedStyle(td).overflowWrap") != "anywhere"
    assert page.evaluate("() => getComputedStyle(document.body).overflowWrap") != "anywhere"
    assert not has_horizontal_scroll(page)


def _focus_lands_on(page, element_id: str) -> bool:
    """Autofocus runs at the browser's next rendering step, after load: wait up to 5 s."""
    try:
        page.wait_for_function(
            "(id) => document.activeElement.id === id", arg=element_id, timeout=5000
        )
    except PlaywrightTimeout:
        return False
    return True


def test_sign_in_focuses_the_email_then_the_error_summary(live_server, page):
    page.goto(live_server.url + "/kirjaudu")
    assert _focus_lands_on(page, "email")
    with page.expect_navigation():
        page.click("main form [type=submit]")
    assert _focus_lands_on(page, "error-summary")
