"""Contact requests, conversations and blocking, driven through the forms."""

import gc
import threading
import warnings
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    ChatMessage,
    ContactRequest,
    ContactState,
    DeliveryLog,
    MessagePrefs,
    Offer,
    OfferSource,
    OfferState,
    Report,
    Role,
    User,
    UserBlock,
    utcnow,
)
from portal.services.board import contacts, messages
from portal.services.errors import ConflictError
from portal.services.matching import adapter


@pytest.fixture
def pair(make_user, make_assistant, make_shift):
    """An employer with an open shift and an assistant (both English-speaking)."""
    employer = make_user(Role.EMPLOYER, locale="en", phone="040 1111111")
    assistant = make_assistant(locale="en", phone="040 2222222")
    shift = make_shift(employer, title="Aamuvuoro Kemissä")
    return employer, assistant, shift


def _switch(client, login, user):
    client.post("/kirjaudu-ulos")
    login(user)


def _request(client, assistant, shift, note="Hei! Sopisiko?"):
    return client.post(
        f"/ilmoitukset/{assistant.id}/yhteydenotto",
        data={"about": f"shift:{shift.id}", "note": note},
    )


def test_request_accept_then_both_see_contact_details_and_talk(client, login, pair):
    employer, assistant, shift = pair
    login(employer)
    response = _request(client, assistant, shift)
    assert response.status_code == 302
    item = db.session.scalar(select(ContactRequest))
    page = client.get(f"/keskustelut/{item.id}").get_data(as_text=True)
    assert "2222222" not in page  # nothing shared before the accept
    assert client.post(f"/keskustelut/{item.id}/viesti", data={"body": "x"}).status_code == 400

    _switch(client, login, assistant)
    page = client.get(f"/keskustelut/{item.id}").get_data(as_text=True)
    assert "Hei! Sopisiko?" in page
    assert "1111111" not in page
    assert client.post(f"/keskustelut/{item.id}/vastaa", data={"answer": "yes"}).status_code == 302
    page = client.get(f"/keskustelut/{item.id}").get_data(as_text=True)
    assert "1111111" in page
    assert employer.email in page
    client.post(f"/keskustelut/{item.id}/viesti", data={"body": "Kyllä sopii <b>hyvin</b>"})

    _switch(client, login, assistant)  # (the same user again: a fresh session)
    _switch(client, login, employer)
    page = client.get(f"/keskustelut/{item.id}").get_data(as_text=True)
    assert "2222222" in page
    assert "Kyllä sopii &lt;b&gt;hyvin&lt;/b&gt;" in page  # plain text
    assert "Mark as read" in page
    client.post(f"/keskustelut/{item.id}/luettu")
    assert db.session.scalar(select(ChatMessage.read_at)) is not None

    _switch(client, login, assistant)
    assert "read " in client.get(f"/keskustelut/{item.id}").get_data(as_text=True)


def test_decline_shares_nothing_and_a_second_answer_is_refused(client, login, pair):
    employer, assistant, shift = pair
    login(employer)
    _request(client, assistant, shift)
    item = db.session.scalar(select(ContactRequest))
    _switch(client, login, assistant)
    assert client.post(f"/keskustelut/{item.id}/vastaa", data={"answer": "no"}).status_code == 302
    response = client.post(f"/keskustelut/{item.id}/vastaa", data={"answer": "yes"})
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(ContactRequest, item.id).state == ContactState.DECLINED
    assert "1111111" not in client.get(f"/keskustelut/{item.id}").get_data(as_text=True)


def test_answers_racing_have_one_winner(app, pair):
    employer, assistant, shift = pair
    item = contacts.send(employer, assistant.id, f"shift:{shift.id}", "")
    db.session.commit()
    assistant_id, item_id = assistant.id, item.id
    barrier = threading.Barrier(3, timeout=20)
    results = []

    def answer(accept):
        with app.test_request_context():
            user = db.session.get(User, assistant_id)
            barrier.wait()
            try:
                contacts.answer(user, item_id, accept)
                db.session.commit()
                results.append("won")
            except ConflictError:
                db.session.rollback()
                results.append("lost")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=answer, args=(flag,)) for flag in (True, False, True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        db.engine.dispose()
        gc.collect()
    assert sorted(results) == ["lost", "lost", "won"]


def test_request_needs_own_shift_and_no_duplicates(client, login, pair, make_shift):
    employer, assistant, shift = pair
    someone_elses = make_shift(title="Vieras")
    login(employer)
    response = client.post(
        f"/ilmoitukset/{assistant.id}/yhteydenotto", data={"about": f"shift:{someone_elses.id}"}
    )
    assert response.status_code == 400
    assert _request(client, assistant, shift).status_code == 302
    response = _request(client, assistant, shift)
    assert response.status_code == 409
    assert "already sent a request" in response.get_data(as_text=True)


def test_message_notice_once_per_unread_burst_and_email_waits_for_quiet_hours(app, pair):
    employer, assistant, shift = pair
    item = contacts.send(employer, assistant.id, f"shift:{shift.id}", "")
    contacts.answer(assistant, item.id, True)
    db.session.add(MessagePrefs(user_id=assistant.id, quiet_start=22, quiet_end=7))
    db.session.commit()
    night = datetime(2026, 12, 2, 23, 30, tzinfo=UTC)  # 01:30 in Helsinki
    before = db.session.scalar(select(db.func.count(DeliveryLog.id)))
    messages.post(employer, item.id, "Ensimmäinen", night)
    messages.post(employer, item.id, "Toinen", night)
    db.session.commit()
    emails = db.session.scalars(
        select(DeliveryLog)
        .where(DeliveryLog.channel == "email", DeliveryLog.address == assistant.email)
        .order_by(DeliveryLog.id)
    ).all()
    new_message_mails = [e for e in emails if "New message" in e.subject]
    assert len(new_message_mails) == 1
    assert new_message_mails[0].next_attempt_at == datetime(2026, 12, 3, 5, 0, tzinfo=UTC)
    assert db.session.scalar(select(db.func.count(DeliveryLog.id))) > before


def test_other_party_can_report_a_message(client, login, pair):
    employer, assistant, shift = pair
    item = contacts.send(employer, assistant.id, f"shift:{shift.id}", "")
    contacts.answer(assistant, item.id, True)
    message = messages.post(employer, item.id, "Epäasiallinen viesti")
    db.session.commit()
    login(employer)  # the sender cannot report their own message
    assert client.get(f"/ilmoita/keskusteluviesti/{message.id}").status_code == 404
    _switch(client, login, assistant)
    response = client.post(
        f"/ilmoita/keskusteluviesti/{message.id}", data={"reason": "Asiaton sävy"}
    )
    assert response.status_code == 302
    report = db.session.scalar(select(Report))
    assert (report.target_type, report.target_id) == ("chat_message", message.id)


def test_block_stops_requests_messages_and_offers(client, login, pair, make_shift):
    employer, assistant, shift = pair
    item = contacts.send(employer, assistant.id, f"shift:{shift.id}", "")
    contacts.answer(assistant, item.id, True)
    db.session.add(
        Offer(
            shift_id=shift.id,
            assistant_id=assistant.id,
            source=OfferSource.INVITATION,
            state=OfferState.OFFERED,
        )
    )
    db.session.commit()
    assert [r.assistant.id for r in adapter.rank_for_shift(shift)] == [assistant.id]

    login(assistant)
    assert client.post(f"/estot/{employer.id}").status_code == 302
    db.session.expire_all()
    assert db.session.get(ContactRequest, item.id).state == ContactState.WITHDRAWN
    assert db.session.scalar(select(Offer.state)) == OfferState.WITHDRAWN
    assert client.post(f"/keskustelut/{item.id}/viesti", data={"body": "hei"}).status_code == 400
    other_shift = make_shift(employer, title="Iltavuoro")
    assert client.get(f"/vuorot/{other_shift.id}").status_code == 404  # cannot apply
    assert adapter.rank_for_shift(other_shift) == []  # never offered

    _switch(client, login, employer)
    assert _request(client, assistant, other_shift).status_code == 404
    assert db.session.scalar(select(db.func.count(ContactRequest.id))) == 1
    assert client.get(f"/ilmoitukset/{assistant.id}").status_code == 404
    page = client.get("/ilmoitukset?place=94100").get_data(as_text=True)
    assert assistant.display_name not in page

    _switch(client, login, assistant)
    assert employer.display_name in client.get("/estot").get_data(as_text=True)
    assert client.post(f"/estot/{employer.id}/poista").status_code == 302
    assert [r.assistant.id for r in adapter.rank_for_shift(other_shift)] == [assistant.id]


def test_strangers_cannot_open_a_conversation(client, login, pair, make_user):
    employer, assistant, shift = pair
    item = contacts.send(employer, assistant.id, f"shift:{shift.id}", "")
    db.session.commit()
    login(make_user(Role.EMPLOYER))
    assert client.get(f"/keskustelut/{item.id}").status_code == 404
    assert client.post(f"/keskustelut/{item.id}/luettu").status_code == 404


def test_my_data_has_both_sides_of_a_conversation_but_not_who_blocked_me(pair):
    from portal.services.staff import personal_data

    employer, assistant, shift = pair
    item = contacts.send(employer, assistant.id, f"shift:{shift.id}", "Tervetuloa")
    contacts.answer(assistant, item.id, True)
    messages.post(employer, item.id, "Viesti avustajalle")
    db.session.add(UserBlock(blocker_id=assistant.id, blocked_id=employer.id))
    db.session.commit()
    mine = personal_data.export(assistant)
    assert [m["body"] for m in mine["chat_messages"]] == ["Viesti avustajalle"]
    assert mine["user_blocks"]
    assert "user_blocks" not in personal_data.export(employer)
    personal_data.erase(assistant)
    db.session.commit()
    assert db.session.scalar(select(ChatMessage.body)) == ""


def test_a_block_keeps_the_assistant_out_of_urgent_rounds_and_invitations(
    pair, make_shift, make_assistant
):
    from portal.models import ShiftKind
    from portal.services.marketplace import applications
    from portal.services.urgent import rounds

    employer, assistant, _shift = pair
    other = make_assistant()
    db.session.add(UserBlock(blocker_id=employer.id, blocked_id=assistant.id))
    db.session.commit()
    urgent = make_shift(employer, title="Kiire", kind=ShiftKind.URGENT)
    rounds.start(urgent, utcnow())
    one_off = make_shift(employer, title="Kutsu")
    assert applications.invite(employer, one_off.id, [assistant.id]) == 0
    db.session.commit()
    offered = set(db.session.scalars(select(Offer.assistant_id)))
    assert offered == {other.id}


def test_coordinator_removes_a_reported_message(client, login, pair, make_user):
    from portal.services.staff import moderation, moderation_decisions

    employer, assistant, shift = pair
    item = contacts.send(employer, assistant.id, f"shift:{shift.id}", "")
    contacts.answer(assistant, item.id, True)
    message = messages.post(employer, item.id, "Asiaton viesti")
    report = moderation.create_report(assistant, "chat_message", message.id, "asiaton")
    db.session.commit()
    assert moderation.reported_text(report) == "Asiaton viesti"
    moderation_decisions.decide(make_user(Role.COORDINATOR), report, "removed", "Asiaton")
    db.session.commit()
    login(assistant)
    page = client.get(f"/keskustelut/{item.id}").get_data(as_text=True)
    assert "Asiaton viesti" not in page
    assert "Removed by a coordinator." in page
