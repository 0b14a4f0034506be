"""Form-driven tests of the offer pages: answer, signed link, inbox, preferences, round."""

from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import MessagePrefs, Offer, OfferState, Role, RoundState, ShiftState
from portal.notify.tokens import answer_token, unsubscribe_token
from portal.services.urgent import rounds


def _round(population, urgent_shift, **kw):
    employer, people = population()
    shift = urgent_shift(employer, hours=30, **kw)
    rounds.start(shift, shift.starts_at - timedelta(hours=30))
    db.session.commit()
    offers = db.session.scalars(select(Offer).where(Offer.shift_id == shift.id)).all()
    return employer, shift, offers


def test_assistant_answers_yes_on_the_offers_page(client, login, population, urgent_shift):
    employer, shift, offers = _round(population, urgent_shift)
    login(offers[0].assistant)
    page = client.get("/tarjoukset")
    assert page.status_code == 200
    assert shift.title in page.text
    response = client.post(f"/tarjoukset/{offers[0].id}/vastaa", data={"yes": "1"})
    assert response.status_code == 302
    db.session.refresh(offers[0])
    assert offers[0].state == OfferState.ACCEPTED
    assert client.post(f"/tarjoukset/{offers[1].id}/vastaa", data={"yes": "1"}).status_code == 404


def test_answering_reads_the_signed_in_user_once(client, login, population, urgent_shift):
    """The reply's message is translated before the commit: no reload of the user after it."""
    from sqlalchemy import event

    employer, shift, offers = _round(population, urgent_shift)
    login(offers[0].assistant)
    offer_id, employer_id = offers[0].id, employer.id
    db.session.remove()  # the request loads what it needs itself
    reads = []

    def listener(_conn, _cursor, statement, params, *_rest):
        values = params.values() if isinstance(params, dict) else params or ()
        if statement.startswith("SELECT users.") and employer_id not in tuple(values):
            reads.append(statement)  # the signed-in assistant (by session token, or by id)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        response = client.post(f"/tarjoukset/{offer_id}/vastaa", data={"yes": "1"})
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert response.status_code == 302
    assert len(reads) == 1


def test_signed_link_answers_once_without_login(client, population, urgent_shift):
    employer, shift, offers = _round(population, urgent_shift)
    link = f"/vastaus/{answer_token(offers[0].id, 'no')}"
    assert "Kiitos vastauksesta" in client.post(link).text
    assert "jo vastattu" in client.post(f"/vastaus/{answer_token(offers[0].id, 'yes')}").text
    db.session.refresh(offers[0])
    assert offers[0].state == OfferState.DECLINED
    assert client.get("/vastaus/forged-token").status_code == 404
    assert client.post("/vastaus/forged-token").status_code == 404


def test_opening_a_link_changes_nothing(client, population, urgent_shift, make_user):
    """Mail scanners open links (GET and HEAD): only the POST of the page's button answers."""
    employer, shift, offers = _round(population, urgent_shift)
    offers[0].assistant.locale = "sv"
    db.session.commit()
    link = f"/vastaus/{answer_token(offers[0].id, 'yes')}"
    assert client.head(link).status_code == 200
    page = client.get(link)
    assert page.status_code == 200
    assert "Ja, jag kan komma" in page.text  # the recipient's language, not the browser's
    db.session.refresh(offers[0])
    assert offers[0].state == OfferState.OFFERED
    assert offers[0].answered_at is None
    user = make_user()
    token = unsubscribe_token(user.id)
    assert client.head(f"/peru-sahkopostit/{token}").status_code == 200
    assert client.get(f"/peru-sahkopostit/{token}").status_code == 200
    assert db.session.get(MessagePrefs, user.id) is None


def test_one_click_unsubscribe_post_works_without_a_form(client, make_user):
    """RFC 8058: the mail provider POSTs List-Unsubscribe=One-Click with no CSRF token."""
    client.application.config["WTF_CSRF_ENABLED"] = True
    try:
        user = make_user()
        response = client.post(
            f"/peru-sahkopostit/{unsubscribe_token(user.id)}",
            data={"List-Unsubscribe": "One-Click"},
        )
    finally:
        client.application.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 200
    assert db.session.get(MessagePrefs, user.id).email_unsubscribed_at is not None


def test_a_yes_by_link_asks_the_relative_declaration(client, population, urgent_shift):
    employer, shift, offers = _round(population, urgent_shift, auto_confirm=True)
    link = f"/vastaus/{answer_token(offers[0].id, 'yes')}"
    page = client.get(link)
    assert "sukulainen" in page.text
    assert client.post(link, data={"yes": "1", "related": "y"}).status_code == 400
    client.post(link, data={"yes": "1", "related": "y", "relation": "sibling"})
    db.session.refresh(offers[0])
    # a declared relative is never auto-confirmed without the decision naming them
    assert offers[0].state == OfferState.ACCEPTED
    assert offers[0].relation == "sibling"
    db.session.refresh(shift)
    assert shift.state == ShiftState.OPEN


def test_a_yes_on_the_offers_page_carries_the_declaration(client, login, population, urgent_shift):
    employer, shift, offers = _round(population, urgent_shift)
    login(offers[0].assistant)
    client.post(
        f"/tarjoukset/{offers[0].id}/vastaa",
        data={"yes": "1", "related": "y", "relation": "parent"},
    )
    db.session.refresh(offers[0])
    assert offers[0].related_to_employer
    assert offers[0].relation == "parent"
    login(employer)
    assert "vanhempi" in client.get(f"/vuorot/{shift.id}/haku").text


def test_employer_round_page_pick_and_stop(client, login, population, urgent_shift):
    employer, shift, offers = _round(population, urgent_shift)
    offers[1].state, offers[1].answered_at = OfferState.ACCEPTED, shift.created_at
    db.session.commit()
    login(employer)
    page = client.get(f"/vuorot/{shift.id}/haku")
    assert page.status_code == 200
    assert offers[1].assistant.display_name in page.text
    assert client.post(f"/vuorot/{shift.id}/haku/valitse/{offers[1].id}").status_code == 302
    db.session.refresh(shift)
    assert shift.state == ShiftState.FILLED


def test_employer_stops_round_and_others_get_404(
    client, login, population, urgent_shift, make_user
):
    employer, shift, offers = _round(population, urgent_shift)
    login(employer)
    assert client.post(f"/vuorot/{shift.id}/haku/pysayta").status_code == 302
    assert rounds.round_for(shift.id).state == RoundState.STOPPED
    client.get("/kirjaudu/ulos")
    other = make_user(role=employer.role)
    client.post("/ulos")
    login(other)
    assert client.get(f"/vuorot/{shift.id}/haku").status_code == 404


def test_preferences_form_and_unsubscribe_link(client, login, make_user, now):
    user = make_user()
    login(user)
    bad = client.post("/viestiasetukset", data={"quiet_start": "25", "quiet_end": "7"})
    assert bad.status_code == 400
    good = {"inapp": "y", "sms": "y", "quiet_start": "21", "quiet_end": "6", "pause_today": "y"}
    assert client.post("/viestiasetukset", data=good).status_code == 302
    prefs = db.session.get(MessagePrefs, user.id)
    assert (prefs.sms, prefs.email, prefs.quiet_start) == (True, False, 21)
    assert prefs.paused_until is not None
    assert client.post(f"/peru-sahkopostit/{unsubscribe_token(user.id)}").status_code == 200
    db.session.refresh(prefs)
    assert prefs.email_unsubscribed_at is not None


def test_inbox_shows_unread_count_and_marks_read(client, login, make_user, now):
    from portal.notify import dispatch

    user = make_user()
    dispatch.notify(user, "test", "Tervehdys", "Hei!", now)
    db.session.commit()
    login(user)
    page = client.get("/viestit")
    assert "Tervehdys" in page.text
    assert "1 lukematon" in page.text
    client.post("/viestit")
    assert "lukematon" not in client.get("/viestit").text


def test_coordinator_placement_asks_the_declaration(
    client, login, population, urgent_shift, make_user
):
    employer, shift, offers = _round(population, urgent_shift)
    chosen = offers[0].assistant_id
    login(make_user(Role.COORDINATOR))
    url = f"/vuorot/{shift.id}/haku/sijoita"
    page = client.post(url, data={"assistant_id": chosen, "related": "y", "relation": "child"})
    assert page.status_code == 400
    assert "päätös" in page.text  # only when the decision names the relative
    db.session.refresh(shift)
    assert shift.state == ShiftState.OPEN
    assert client.post(url, data={"assistant_id": chosen}).status_code == 302
    db.session.refresh(shift)
    assert shift.state == ShiftState.FILLED
