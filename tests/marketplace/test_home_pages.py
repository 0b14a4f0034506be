"""Issue 16 item 12: each role's home page says what is next."""

from datetime import timedelta

from portal.extensions import db
from portal.models import (
    AssistantProfile,
    Booking,
    Offer,
    OfferSource,
    OfferState,
    Role,
    ShiftKind,
    Status,
)


def test_assistant_sees_next_shift_and_open_offers(client, login, make_user, make_shift, soon):
    assistant = make_user(Role.ASSISTANT)
    booked = make_shift(title="Aamuvuoro Kemissä", starts_at=soon)
    db.session.add(
        Booking(
            shift_id=booked.id,
            assistant_id=assistant.id,
            starts_at=booked.starts_at,
            ends_at=booked.ends_at,
        )
    )
    offered = make_shift(title="Sijaisuus Torniossa", starts_at=soon + timedelta(days=1))
    db.session.add(
        Offer(
            shift_id=offered.id,
            assistant_id=assistant.id,
            source=OfferSource.INVITATION,
            state=OfferState.OFFERED,
        )
    )
    db.session.commit()
    login(assistant)
    page = client.get("/").get_data(as_text=True)
    assert "Seuraava vuorosi" in page
    assert "Aamuvuoro Kemissä" in page
    assert "Sijaisuus Torniossa" in page
    assert "Kirjoita ilmoituksesi" in page  # no announcement yet: finish the profile


def test_pending_assistant_gets_the_link_to_finish_the_profile(client, login, make_user):
    pending = make_user(Role.ASSISTANT, status=Status.PENDING)
    login(pending)
    page = client.get("/").get_data(as_text=True)
    assert "Viimeistele profiilisi" in page
    assert "Kirjoita ilmoituksesi" in page
    assert "Seuraava vuorosi" not in page  # nothing they cannot use yet


def test_assistant_with_a_profile_is_not_asked_to_finish_it(client, login, make_user):
    assistant = make_user(Role.ASSISTANT)
    db.session.get(AssistantProfile, assistant.id).announcement = "Kokenut avustaja."
    db.session.commit()
    login(assistant)
    page = client.get("/").get_data(as_text=True)
    assert "Kirjoita ilmoituksesi" not in page


def test_employer_sees_open_shifts_with_answers(client, login, make_user, make_shift):
    employer = make_user(Role.EMPLOYER)
    shift = make_shift(employer=employer, title="Iltavuoro Tervolassa")
    db.session.add(
        Offer(
            shift_id=shift.id,
            assistant_id=make_user(Role.ASSISTANT).id,
            source=OfferSource.APPLICATION,
            state=OfferState.APPLIED,
        )
    )
    db.session.commit()
    login(employer)
    page = client.get("/").get_data(as_text=True)
    assert "Avoimet vuorosi" in page
    assert "Iltavuoro Tervolassa" in page
    assert "1 vastaus" in page


def test_coordinator_sees_vetting_reports_and_unfilled_urgent(
    client, login, make_user, make_shift, soon
):
    make_user(Role.ASSISTANT, status=Status.PENDING)
    tomorrow = soon - timedelta(days=2)
    make_shift(title="Kiireellinen sijaisuus", kind=ShiftKind.URGENT, starts_at=tomorrow)
    make_shift(title="Ensi viikon sijaisuus", kind=ShiftKind.URGENT, starts_at=soon + timedelta(7))
    login(make_user(Role.COORDINATOR))
    page = client.get("/").get_data(as_text=True)
    assert "1 rekisteröityminen tarkistettavana" in page
    assert "0 avointa ilmoitusta" in page
    assert "Kiireellinen sijaisuus" in page
    assert "Ensi viikon sijaisuus" not in page  # only the next 48 hours
