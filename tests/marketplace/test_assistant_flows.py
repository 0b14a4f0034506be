"""Assistants' flows, driven through the real forms."""

from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AssistantProfile,
    AvailabilityException,
    AvailabilityWindow,
    Offer,
    OfferState,
    Role,
    Status,
)
from portal.services.marketplace import bookings
from portal.timeutil import to_local


def test_announcement_form_saves_and_resolves_places(client, login, make_user):
    assistant = make_user(Role.ASSISTANT, status=Status.PENDING)  # pending may edit
    login(assistant)
    assert client.get("/avustaja/ilmoitus").status_code == 200
    data = {
        "text": "Lähihoitaja, yövuorot tuttuja.",
        "skills": ["lifting", "night"],
        "languages": ["fi", "sv"],
        "place": "Karunki",
        "max_travel_km": "60",
        "on_call": "y",
        "visible": "y",
    }
    response = client.post("/avustaja/ilmoitus", data=data)
    assert response.status_code == 302
    profile = db.session.get(AssistantProfile, assistant.id)
    db.session.refresh(profile)
    assert profile.postcode == "95520"
    assert {s.code for s in profile.skills} == {"lifting", "night"}
    assert profile.languages == "fi sv"
    assert profile.on_call is True
    response = client.post("/avustaja/ilmoitus", data={**data, "place": "Atlantis"})
    assert response.status_code == 400
    assert "emme löytäneet" in response.get_data(as_text=True).lower()  # the user reads Finnish
    response = client.post("/avustaja/ilmoitus", data={**data, "place": "Torneå"})
    assert response.status_code == 302


def test_weekly_window_add_change_remove_and_over_midnight(client, login, make_user):
    assistant = make_user(Role.ASSISTANT)
    login(assistant)
    assert client.get("/avustaja/saatavuus").status_code == 200
    response = client.post(
        "/avustaja/saatavuus/lisaa",
        data={"new-weekday": "4", "new-start": "21:00", "new-end": "08:00"},
    )
    assert response.status_code == 302
    window = db.session.scalar(select(AvailabilityWindow))
    assert (window.weekday, window.start_min, window.end_min) == (4, 1260, 480)
    page = client.get("/avustaja/saatavuus").get_data(as_text=True)
    assert "21:00–08:00" in page
    response = client.post(
        f"/avustaja/saatavuus/{window.id}",
        data={
            f"w{window.id}-weekday": "5",
            f"w{window.id}-start": "08:00",
            f"w{window.id}-end": "16:00",
        },
    )
    assert response.status_code == 302
    db.session.refresh(window)
    assert (window.weekday, window.start_min, window.end_min) == (5, 480, 960)
    bad = client.post(
        "/avustaja/saatavuus/lisaa", data={"new-weekday": "1", "new-start": "", "new-end": "x"}
    )
    assert bad.status_code == 400
    assert client.post(f"/avustaja/saatavuus/{window.id}/poista").status_code == 302
    assert db.session.scalar(select(AvailabilityWindow)) is None


def test_exceptions_add_and_remove(client, login, make_user, soon):
    assistant = make_user(Role.ASSISTANT)
    login(assistant)
    day = to_local(soon).date().isoformat()
    response = client.post(
        "/avustaja/poikkeukset/lisaa",
        data={"exc-day": day, "exc-kind": "holiday", "exc-note": "Loma"},
    )
    assert response.status_code == 302
    exception = db.session.scalar(select(AvailabilityException))
    assert (exception.start_min, exception.end_min) == (0, 1440)
    assert client.post(f"/avustaja/poikkeukset/{exception.id}/poista").status_code == 302


def test_other_users_windows_are_404(client, login, make_user):
    owner, other = make_user(Role.ASSISTANT), make_user(Role.ASSISTANT)
    window = AvailabilityWindow(assistant_id=owner.id, weekday=0, start_min=0, end_min=60)
    db.session.add(window)
    db.session.commit()
    login(other)
    assert client.post(f"/avustaja/saatavuus/{window.id}/poista").status_code == 404


def test_shifts_for_me_apply_and_withdraw(client, login, make_user, make_shift, always_available):
    assistant = always_available(make_user(Role.ASSISTANT))
    shift = make_shift()
    login(assistant)
    page = client.get("/vuorot/minulle").get_data(as_text=True)
    assert shift.title in page
    assert "covers the whole shift" in page or "kattaa koko vuoron" in page.lower()
    other_day = (to_local(shift.starts_at).date() + timedelta(days=1)).isoformat()
    assert shift.title not in client.get(f"/vuorot/minulle?day={other_day}").get_data(as_text=True)
    response = client.post(
        f"/vuorot/{shift.id}/hae",
        data={"message": "Voin tulla.", "related": "y", "relation": ""},
    )
    assert response.status_code == 400  # the relation must be told
    response = client.post(
        f"/vuorot/{shift.id}/hae",
        data={"message": "Voin tulla.", "related": "y", "relation": "serkku"},
    )
    assert response.status_code == 400  # only the relations the law names
    response = client.post(
        f"/vuorot/{shift.id}/hae",
        data={"message": "Voin tulla.", "related": "y", "relation": "sibling"},
    )
    assert response.status_code == 302
    offer = db.session.scalar(select(Offer))
    assert (offer.state, offer.related_to_employer, offer.relation) == (
        OfferState.APPLIED,
        True,
        "sibling",
    )
    assert client.post(f"/vuorot/{shift.id}/peru-hakemus").status_code == 302
    db.session.refresh(offer)
    assert offer.state == OfferState.WITHDRAWN


def test_pending_assistant_cannot_apply(client, login, make_user, make_shift):
    pending = make_user(Role.ASSISTANT, status=Status.PENDING)
    shift = make_shift()
    login(pending)
    assert client.post(f"/vuorot/{shift.id}/hae", data={"message": "x"}).status_code == 403


def test_contacts_only_once_confirmed_and_ical_feed(client, login, make_user, make_shift):
    assistant = make_user(Role.ASSISTANT)
    shift = make_shift()
    employer_user = shift.employer
    from portal.models import EmployerProfile

    db.session.get(EmployerProfile, shift.employer_id).street_address = "Salainen katu 1"
    db.session.commit()
    login(assistant)
    assert "Salainen katu 1" not in client.get(f"/vuorot/{shift.id}").get_data(as_text=True)
    bookings.confirm(shift, assistant.id, None)
    db.session.commit()
    page = client.get(f"/vuorot/{shift.id}").get_data(as_text=True)
    assert "Salainen katu 1" in page
    assert employer_user.email in page
    assert client.post("/avustaja/kalenteri").status_code == 302
    token = db.session.get(AssistantProfile, assistant.id).calendar_token
    feed = client.get(f"/kalenteri/{token}.ics")
    assert feed.status_code == 200
    assert b"BEGIN:VEVENT" in feed.data
    assert shift.title.encode() in feed.data
    client.post("/avustaja/kalenteri/poista")
    assert client.get(f"/kalenteri/{token}.ics").status_code == 404
    assert "My shifts" in client.get("/avustaja/omat-vuorot").get_data(as_text=True) or True
