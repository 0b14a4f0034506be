"""The demo coordinator's day, keyboard only and axe-clean: vet, handle a report and a
dispute, read the audit trail, the dashboard and the map."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    Booking,
    Report,
    Role,
    Shift,
    ShiftKind,
    ShiftState,
    Status,
    User,
)
from tests.browser.helpers import axe_check, login_as
from tests.browser.test_foundation_keyboard import press_and_wait, tab_to
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def test_coordinator_vets_a_pending_user_by_keyboard(live_server, page, make_user):
    pending = make_user(Role.ASSISTANT, status=Status.PENDING, first_name="Pekka")
    coordinator = make_user(Role.COORDINATOR)
    login_as(page, live_server, coordinator.email, PASSWORD)
    tab_to(page, "header a[href='/koordinaattori/']")
    press_and_wait(page, "Enter")
    axe_check(page, "dashboard")
    tab_to(page, "nav.staff-nav a[href='/koordinaattori/rekisteroitymiset']")
    press_and_wait(page, "Enter")
    axe_check(page, "queue")
    tab_to(page, f"form[action$='/{pending.id}/tarkoitus'] button")
    press_and_wait(page, "Enter")
    assert "Pekka" in page.inner_text("h1")
    axe_check(page, "user page")

    tab_to(page, "#identity_method")
    page.keyboard.press("ArrowDown")  # "In person"
    _type_into(page, "#criminal_record_seen_on", "11112026")  # same in d.m. and m/d order
    _type_into(page, "#interview_notes", "Kokenut avustaja, hyvät suositukset.")
    tab_to(page, "form[action$='/tarkistuslista'] input[type=submit]")
    press_and_wait(page, "Enter")
    assert "Tarkistuslista tallennettu" in page.inner_text("main")

    _type_into(page, "#name", "Liisa Esimies")
    _type_into(page, "#relation", "Entinen esihenkilö")
    _type_into(page, "#contacted_on", "10102026")
    tab_to(page, "form[action$='/suosittelijat'] input[type=submit]")
    press_and_wait(page, "Enter")
    assert "Liisa Esimies" in page.inner_text("main")

    tab_to(page, "form[action$='/hyvaksy'] input[type=checkbox]")
    page.keyboard.press("Space")  # approving asks for a check first
    tab_to(page, "form[action$='/hyvaksy'] button")
    press_and_wait(page, "Enter")
    assert "Rekisteröityminen hyväksytty" in page.inner_text("main")
    axe_check(page, "after approval")
    db.session.expire_all()
    user = db.session.get(User, pending.id)
    assert user.status == Status.APPROVED
    assert user.vetting.identity_method == "in_person"
    assert str(user.vetting.criminal_record_seen_on) == "2026-11-11"


def test_approval_refused_until_checklist_done_shows_the_error(live_server, page, make_user):
    pending = make_user(Role.ASSISTANT, status=Status.PENDING)
    login_as(page, live_server, make_user(Role.COORDINATOR).email, PASSWORD)
    page.goto(live_server.url + "/koordinaattori/rekisteroitymiset")
    tab_to(page, f"form[action$='/{pending.id}/tarkoitus'] button")
    press_and_wait(page, "Enter")
    tab_to(page, "form[action$='/hyvaksy'] input[type=checkbox]")
    page.keyboard.press("Space")  # approving asks for a check first
    tab_to(page, "form[action$='/hyvaksy'] button")
    press_and_wait(page, "Enter")
    assert "Vielä tekemättä" in page.inner_text("#error-summary")
    axe_check(page, "approval refused")


def _report_and_dispute(make_user):
    assistant, employer, reporter = make_user(), make_user(Role.EMPLOYER), make_user()
    start = datetime.now(UTC) - timedelta(days=2)
    shift = Shift(
        employer_id=employer.id,
        kind=ShiftKind.URGENT,
        state=ShiftState.COMPLETED,
        title="Aamuvuoro",
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        postcode="94100",
        created_at=start - timedelta(days=1),
    )
    db.session.add(shift)
    db.session.flush()
    booking = Booking(
        shift_id=shift.id,
        assistant_id=assistant.id,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        no_show=True,
    )
    db.session.add(booking)
    db.session.flush()
    report = Report(
        kind="report",
        reporter_id=reporter.id,
        target_type="profile",
        target_id=employer.id,
        reason="Asiaton profiiliteksti",
    )
    dispute = Report(
        kind="dispute",
        reporter_id=assistant.id,
        target_type="booking",
        target_id=booking.id,
        reason="Olin paikalla koko vuoron",
    )
    db.session.add_all([report, dispute])
    db.session.commit()
    return report, dispute, booking


def _decide(page, report_id: int, outcome: str, reason: str) -> None:
    tab_to(page, f"a[href='/koordinaattori/jono/{report_id}']")
    press_and_wait(page, "Enter")
    axe_check(page, f"report {report_id}")
    tab_to(page, "input[name=outcome]")  # Tab enters a radio group once; arrows choose
    for _ in range(4):
        if page.evaluate("(v) => document.activeElement.value === v", outcome):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    _type_into(page, "#reason", reason)
    tab_to(page, "main form input[type=submit]")
    press_and_wait(page, "Enter")
    assert "Päätös tallennettu" in page.inner_text("main")


def test_coordinator_handles_a_report_and_a_dispute_by_keyboard(live_server, page, make_user):
    report, dispute, booking = _report_and_dispute(make_user)
    login_as(page, live_server, make_user(Role.COORDINATOR).email, PASSWORD)
    page.goto(live_server.url + "/koordinaattori/")
    tab_to(page, "nav.staff-nav a[href='/koordinaattori/jono']")
    press_and_wait(page, "Enter")
    axe_check(page, "queue")
    _decide(page, report.id, "edit_requested", "Muokkaa profiilitekstiä asialliseksi.")
    _decide(page, dispute.id, "no_show_removed", "Työnantaja vahvisti läsnäolon.")
    db.session.expire_all()
    assert db.session.get(Report, report.id).outcome == "edit_requested"
    assert db.session.get(Booking, booking.id).no_show_removed is True


def test_coordinator_reads_audit_trail_dashboard_and_map(live_server, page, make_user):
    coordinator = make_user(Role.COORDINATOR)
    subject = make_user()
    db.session.add(
        AuditEvent(
            actor_id=coordinator.id,
            action="personal_data.view",
            subject_user_id=subject.id,
            purpose="vetting",
        )
    )
    db.session.commit()
    login_as(page, live_server, coordinator.email, PASSWORD)
    page.goto(live_server.url + "/koordinaattori/")
    tab_to(page, "nav.staff-nav a[href='/koordinaattori/loki']")
    press_and_wait(page, "Enter")
    axe_check(page, "audit")
    tab_to(page, "#action")
    page.keyboard.press("ArrowDown")
    tab_to(page, "main form button[type=submit]")
    press_and_wait(page, "Enter")
    assert "Katsoi henkilötietoja" in page.inner_text("main table")  # the action in words
    tab_to(page, "nav.staff-nav a[href='/koordinaattori/kartta']")
    press_and_wait(page, "Enter")
    assert page.locator("svg[role=img]").count() == 1
    axe_check(page, "map")
    tab_to(page, "nav.staff-nav a[href='/koordinaattori/']")
    press_and_wait(page, "Enter")
    axe_check(page, "dashboard")
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "audit.view"))


@pytest.mark.parametrize(
    "path", ["/saavutettavuus", "/saavutettavuus/palaute", "/omat-tiedot", "/omat-tiedot/katselut"]
)
def test_user_privacy_and_accessibility_pages_are_axe_clean(live_server, page, make_user, path):
    login_as(page, live_server, make_user().email, PASSWORD)
    page.goto(live_server.url + path)
    axe_check(page, path)
