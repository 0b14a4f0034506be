"""axe-core (WCAG 2.2 A/AA, 1280 and 375 px) on every foundation page, role and language."""

import pytest

from portal.extensions import db
from portal.models import DeliveryLog, Role, Status
from tests.browser.helpers import axe_check, login_as, set_language
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

ANONYMOUS_PAGES = [
    "/",
    "/tietoja",
    "/kirjaudu",
    "/rekisteroidy",
    "/salasana/unohtui",
    "/salasana/uusi/not-a-real-token",
    "/demo/lahtevat",
    "/ei-tallaista-sivua",  # 404
    "/_test/database-down",  # 503
]
SIGNED_IN_PAGES = [
    "/",
    "/tietoja",
    "/salasana",
    "/demo/lahtevat",
    "/ei-tallaista-sivua",
    "/koordinaattori/rekisteroitymiset",  # the queue for staff, 403 for others
    "/_test/approved-only",
]


def _check_pages(page, live_server, paths, violations):
    for path in paths:
        page.goto(live_server.url + path)
        try:
            axe_check(page, context=f"({path})")
        except AssertionError as error:
            violations.append(str(error))


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize("role", ["anonymous", "assistant", "employer", "coordinator"])
def test_every_foundation_page_passes_axe(live_server, page, make_user, role, lang):
    # axe_check runs at 1280 px and at 375 px (WCAG 2.2 tags, target-size included).
    # Content on the pages: a pending registration, an outbox message, a form error.
    make_user(Role.ASSISTANT, status=Status.PENDING, first_name="Odottava", last_name="Käyttäjä")
    db.session.add(
        DeliveryLog(
            channel="email",
            address="odottava@example.fi",
            subject="Avustajatori-tilisi on hyväksytty",
            body="Tervetuloa!\n\nhttps://avustajatori.fi/",
            state="sent",
            attempts=1,
        )
    )
    db.session.commit()
    page.goto(live_server.url + "/")
    if role != "anonymous":
        user = make_user(Role(role))
        login_as(page, live_server, user.email, PASSWORD)
    set_language(page, lang)
    violations: list[str] = []
    if role == "anonymous":
        _check_pages(page, live_server, ANONYMOUS_PAGES, violations)
        page.goto(live_server.url + "/kirjaudu")
        page.click("main form [type=submit]")  # empty form: errors tied to the fields
        axe_check(page, context="(sign-in form with errors)")
    else:
        _check_pages(page, live_server, SIGNED_IN_PAGES, violations)
        page.goto(live_server.url + "/salasana")
        page.click("main form [type=submit]")
        axe_check(page, context="(change-password form with errors)")
    assert not violations, "\n\n".join(violations)


def test_pending_user_sees_not_approved_page_that_passes_axe(live_server, page, make_user):
    user = make_user(Role.EMPLOYER, status=Status.PENDING)
    login_as(page, live_server, user.email, PASSWORD)
    response = page.goto(live_server.url + "/_test/approved-only")
    assert response.status == 403
    assert "HAVU" in page.inner_text("main")
    axe_check(page)
