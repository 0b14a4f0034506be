"""Issue 16 item 4: the round page is linked from the shift, shows its state, explains tiers."""

from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import Offer, OfferState
from portal.services.urgent import rounds


def _round(population, urgent_shift):
    employer, _people = population()
    shift = urgent_shift(employer, hours=30)
    rounds.start(shift, shift.starts_at - timedelta(hours=30))
    db.session.commit()
    offers = db.session.scalars(select(Offer).where(Offer.shift_id == shift.id)).all()
    return employer, shift, offers


def test_shift_page_links_to_the_round(client, login, population, urgent_shift):
    employer, shift, _offers = _round(population, urgent_shift)
    login(employer)
    page = client.get(f"/vuorot/{shift.id}/hallinta").text
    assert f'href="/vuorot/{shift.id}/haku"' in page


def test_tiers_are_explained_in_words(client, login, population, urgent_shift):
    employer, shift, _offers = _round(population, urgent_shift)
    login(employer)
    page = client.get(f"/vuorot/{shift.id}/haku").text
    assert "sijaisrinki" in page.lower()  # tier 1 named as the employer's ring
    assert "päivystävät" in page.lower()  # tier 2: on-call assistants
    assert "Porras 1/3" not in page


def test_after_confirming_the_page_shows_who_was_confirmed(client, login, population, urgent_shift):
    employer, shift, offers = _round(population, urgent_shift)
    offers[1].state, offers[1].answered_at = OfferState.ACCEPTED, shift.created_at
    db.session.commit()
    login(employer)
    client.post(f"/vuorot/{shift.id}/haku/valitse/{offers[1].id}")
    page = client.get(f"/vuorot/{shift.id}/haku").text
    assert "Kukaan ei ole vielä vastannut kyllä" not in page
    assert "Vahvistettu sijainen" in page
    assert offers[1].assistant.display_name in page
    assert "<h2>Haun ohjaus</h2>" not in page  # no heading without controls under it
