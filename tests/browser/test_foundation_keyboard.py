"""Keyboard-only flows, the skip link, visible focus and reflow at 320 px."""

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Role, Status, User
from tests.browser.helpers import has_horizontal_scroll, login_as, path_of
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching `selector` has focus (fail if never)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def press_and_wait(page, key: str) -> None:
    """Press a key that submits a form or follows a link, and wait for the new page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def test_register_with_the_keyboard_only(live_server, page):
    page.goto(live_server.url + "/")
    tab_to(page, "main a[href='/rekisteroidy']")
    press_and_wait(page, "Enter")
    tab_to(page, "#role-0")
    page.keyboard.press("Space")
    for selector, text in [
        ("#first_name", "Liisa"),
        ("#last_name", "Keskitalo"),
        ("#email", "liisa.k@example.fi"),
        ("#password", "pitkä salasana 1"),
        ("#confirm", "pitkä salasana 1"),
    ]:
        tab_to(page, selector)
        page.keyboard.type(text)
    tab_to(page, "#agree")
    page.keyboard.press("Space")
    tab_to(page, "main form [type=submit]")
    press_and_wait(page, "Enter")
    assert path_of(page) == "/"
    assert "Hei, Liisa." in page.inner_text("main")
    user = db.session.scalar(select(User).where(User.email == "liisa.k@example.fi"))
    assert user.status == Status.PENDING


def test_register_errors_by_keyboard_lead_to_the_field(live_server, page):
    page.goto(live_server.url + "/rekisteroidy")
    tab_to(page, "main form [type=submit]")
    press_and_wait(page, "Enter")
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    tab_to(page, "#error-summary a[href='#first_name']")
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#first_name"
    assert page.get_attribute("#first_name", "aria-invalid") == "true"
    assert "first_name-error" in page.get_attribute("#first_name", "aria-describedby")


def test_sign_in_with_the_keyboard_only(live_server, page, make_user):
    make_user(email="aino@example.fi", first_name="Aino")
    page.goto(live_server.url + "/")
    tab_to(page, "header a[href='/kirjaudu']")
    press_and_wait(page, "Enter")
    tab_to(page, "#email")
    page.keyboard.type("aino@example.fi")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    press_and_wait(page, "Enter")
    assert "Hei, Aino." in page.inner_text("main")
    tab_to(page, "header form button")  # sign out is reachable too
    press_and_wait(page, "Enter")
    assert page.locator("header a[href='/kirjaudu']").is_visible()


# The coordinator's keyboard flows moved with the full vetting checklist (issue 6) to
# tests/browser/test_coordinators_keyboard.py.


def test_skip_link_is_first_visible_on_focus_and_moves_focus_to_main(live_server, page):
    # Not the sign-in page: there the email field has the focus from the start (autofocus).
    page.goto(live_server.url + "/rekisteroidy")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('skip-link')")
    box = page.locator(".skip-link").bounding_box()
    assert box["x"] >= 0
    assert box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "content"
    page.keyboard.press("Tab")  # the next Tab continues inside the main content
    assert page.evaluate("() => !!document.activeElement.closest('main')")


FOCUS_STYLE = """() => {
    const s = getComputedStyle(document.activeElement);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    return outline || (s.boxShadow && s.boxShadow !== 'none');
}"""


@pytest.mark.parametrize("path", ["/", "/kirjaudu", "/rekisteroidy", "/tietoja"])
def test_every_focusable_element_shows_visible_focus(live_server, page, path):
    page.goto(live_server.url + path)
    seen = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        element = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
        if element in seen or page.evaluate("() => document.activeElement === document.body"):
            break
        seen.add(element)
        assert page.evaluate(FOCUS_STYLE), f"no visible focus on {element} at {path}"
    assert len(seen) >= 5


def test_pages_reflow_at_320_px_without_horizontal_scrolling(live_server, browser, make_user):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="fi-FI")
    page = context.new_page()
    try:
        make_user(
            Role.EMPLOYER,
            status=Status.PENDING,
            email="hyvin.pitka.sahkopostiosoite.jossa.ei.ole.valeja@esimerkki-osoite.fi",
            first_name="Maria-Kristiina-Elisabet",
        )
        wide = []
        for path in [
            "/",
            "/tietoja",
            "/kirjaudu",
            "/rekisteroidy",
            "/salasana/unohtui",
            "/demo/lahtevat",
            "/ei-ole",
        ]:
            page.goto(live_server.url + path)
            if has_horizontal_scroll(page):
                wide.append(path)
        page.goto(live_server.url + "/kirjaudu")
        page.click("main form [type=submit]")  # a page with error messages
        if has_horizontal_scroll(page):
            wide.append("/kirjaudu (errors)")
        login_as(page, live_server, make_user(Role.COORDINATOR).email, PASSWORD)
        for path in ["/", "/salasana", "/koordinaattori/rekisteroitymiset"]:
            page.goto(live_server.url + path)
            assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 320, path
            if has_horizontal_scroll(page):
                wide.append(path)
        assert wide == []
    finally:
        context.close()
