"""Issue 16 pages changed by the ux branch pass axe (WCAG 2.2 at 1280 and 375 px): the
after-shift page with its no-show confirmation, home pages, my data, the map, vetting,
and the no-show step done with the keyboard only."""

from datetime import UTC, datetime, timedelta

import pytest

from portal.extensions import db
from portal.models import AfterShift, AssistantProfile, Booking, Role, Shift, ShiftState, Status
from tests.browser.helpers import axe_check, login_as
from tests.browser.test_foundation_keyboard import press_and_wait, tab_to
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _past_booking(employer, assistant):
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=2)
    shift = Shift(
        employer_id=employer.id,
        kind="one_off",
        state=ShiftState.FILLED,
        title="Aamuvuoro Kemissä",
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        postcode="94100",
    )
    db.session.add(shift)
    db.session.flush()
    booking = Booking(
        shift_id=shift.id, assistant_id=assistant.id, starts_at=start, ends_at=shift.ends_at
    )
    db.session.add(booking)
    db.session.commit()
    return booking


def test_no_show_with_the_keyboard_asks_to_confirm_first(live_server, page, make_user):
    employer, assistant = make_user(Role.EMPLOYER), make_user(Role.ASSISTANT)
    booking = _past_booking(employer, assistant)
    login_as(page, live_server, employer.email, PASSWORD)
    page.goto(f"{live_server.url}/vuorot/varaus/{booking.id}")
    axe_check(page, "after-shift page")
    tab_to(page, "details.destructive summary")
    page.keyboard.press("Enter")
    tab_to(page, "details.destructive button[type=submit]")
    press_and_wait(page, "Enter")
    assert "Vahvista, että avustaja ei tullut" in page.inner_text("#error-summary")
    axe_check(page, "no-show not confirmed")
    tab_to(page, "#confirm")
    page.keyboard.press("Space")
    tab_to(page, "details.destructive button[type=submit]")
    press_and_wait(page, "Enter")
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).outcome == AfterShift.NO_SHOW
    assert "Merkitty saapumatta jääneeksi" in page.inner_text("main")
    axe_check(page, "after the no-show")


@pytest.mark.parametrize("role", [Role.ASSISTANT, Role.EMPLOYER, Role.COORDINATOR])
def test_home_and_my_data_pass_axe(live_server, page, make_user, role):
    user = make_user(role)
    login_as(page, live_server, user.email, PASSWORD)
    for path in ("/", "/omat-tiedot"):
        page.goto(live_server.url + path)
        axe_check(page, f"{path} as {role}")


def test_map_audit_and_vetting_pass_axe(live_server, page, make_user):
    pending = make_user(Role.ASSISTANT, status=Status.PENDING, postcode="95400")
    db.session.get(AssistantProfile, pending.id).announcement = "Lähihoitaja Torniosta."
    db.session.commit()
    login_as(page, live_server, make_user(Role.COORDINATOR).email, PASSWORD)
    for path in ("/koordinaattori/kartta", "/koordinaattori/loki"):
        page.goto(live_server.url + path)
        axe_check(page, path)
    page.goto(live_server.url + "/koordinaattori/rekisteroitymiset")
    tab_to(page, f"form[action$='/{pending.id}/tarkoitus'] button")
    press_and_wait(page, "Enter")
    assert "Lähihoitaja Torniosta." in page.inner_text("main")
    axe_check(page, "vetting page with the announcement")
