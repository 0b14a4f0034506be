"""The coordinator vets a registration through the real forms, and suspends a user."""

from flask import g
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    AuthSession,
    ChangeLog,
    DeliveryLog,
    Notification,
    OfferState,
    Role,
    Status,
    User,
)


def test_queue_lists_pending_oldest_first_with_progress(staff_client, make_user):
    make_user(status=Status.PENDING, first_name="Vanhin")
    make_user(Role.EMPLOYER, status=Status.PENDING, first_name="Uudempi")
    page = staff_client.get("/koordinaattori/rekisteroitymiset").get_data(as_text=True)
    assert page.index("Vanhin") < page.index("Uudempi")
    assert "1 / 5" in page
    assert "1 / 2" in page


def test_user_data_opens_only_after_a_purpose_is_stated(staff_client, make_user, open_data):
    pending = make_user(status=Status.PENDING, phone="040 999 1234")
    response = staff_client.get(f"/koordinaattori/kayttajat/{pending.id}")
    assert response.status_code == 302
    assert "tarkoitus" in response.headers["Location"]
    bad = open_data(pending, purpose="other", explanation="")
    assert bad.status_code == 400
    open_data(pending, purpose="other", explanation="Soitto avustajalta")
    page = staff_client.get(f"/koordinaattori/kayttajat/{pending.id}").get_data(as_text=True)
    assert "040 999 1234" in page
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "personal_data.view"))
    assert event.subject_user_id == pending.id
    assert event.purpose == "other: Soitto avustajalta"


def test_full_vetting_of_an_assistant(staff_client, make_user, open_data, coordinator):
    pending = make_user(status=Status.PENDING, locale="sv")
    base = f"/koordinaattori/kayttajat/{pending.id}"
    open_data(pending)
    refused = staff_client.post(f"{base}/hyvaksy", data={})
    assert refused.status_code == 400
    assert "Rikostaustaote nähty" in refused.get_data(as_text=True)

    saved = staff_client.post(
        f"{base}/tarkistuslista",
        data={
            "identity_method": "strong_eid",
            "identity_seen_at": "2026-11-20T10:30",
            "criminal_record_seen_on": "2026-11-19",
            "interview_notes": "Kokenut, hyvät referenssit.",
            "training": "Perehdytys 11/2026",
        },
    )
    assert saved.status_code == 302
    added = staff_client.post(
        f"{base}/suosittelijat",
        data={
            "name": "Liisa Esimies",
            "relation": "Entinen esihenkilö",
            "contacted_on": "2026-11-21",
            "notes": "Suosittelee.",
        },
    )
    assert added.status_code == 302
    ref = db.session.get(User, pending.id).vetting.references[0]
    edited = staff_client.post(
        f"{base}/suosittelijat/{ref.id}",
        data={"name": "Liisa Esimies", "relation": "Esihenkilö", "contacted_on": "2026-11-21"},
    )
    assert edited.status_code == 302
    approved = staff_client.post(f"{base}/hyvaksy", data={}, follow_redirects=True)
    assert approved.status_code == 200

    db.session.expire_all()
    user = db.session.get(User, pending.id)
    assert user.status == Status.APPROVED
    assert user.vetting.identity_seen_by_id == coordinator.id
    assert user.vetting.identity_method == "strong_eid"
    assert str(user.vetting.criminal_record_seen_on) == "2026-11-19"
    assert user.vetting.references[0].relation == "Esihenkilö"
    note = db.session.scalar(select(Notification).where(Notification.user_id == user.id))
    assert note.kind == "vetting.approved"
    mail = db.session.scalar(
        select(DeliveryLog).where(
            DeliveryLog.notification_id == note.id, DeliveryLog.channel == "email"
        )
    )
    assert mail.address == user.email
    assert mail.subject == note.subject
    assert db.session.scalar(select(ChangeLog).where(ChangeLog.assistant_id == user.id))
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"vetting.checklist_saved", "vetting.reference_added", "user.approve"} <= actions


def test_employer_needs_only_identity_and_agreement(staff_client, make_user, open_data):
    pending = make_user(Role.EMPLOYER, status=Status.PENDING)
    open_data(pending)
    base = f"/koordinaattori/kayttajat/{pending.id}"
    staff_client.post(f"{base}/tarkistuslista", data={"identity_method": "in_person"})
    assert staff_client.post(f"{base}/hyvaksy").status_code == 302
    assert db.session.get(User, pending.id).status == Status.APPROVED


def test_remove_reference(staff_client, make_user, open_data):
    pending = make_user(status=Status.PENDING)
    open_data(pending)
    base = f"/koordinaattori/kayttajat/{pending.id}"
    staff_client.post(f"{base}/suosittelijat", data={"name": "A", "relation": "B"})
    ref = db.session.get(User, pending.id).vetting.references[0]
    assert staff_client.post(f"{base}/suosittelijat/{ref.id}/poista").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, pending.id).vetting.references == []


def test_reject_needs_a_reason_and_tells_the_user(staff_client, make_user, open_data):
    pending = make_user(status=Status.PENDING)
    open_data(pending)
    base = f"/koordinaattori/kayttajat/{pending.id}"
    assert staff_client.post(f"{base}/hylkaa", data={"hylkaa-reason": ""}).status_code == 400
    staff_client.post(f"{base}/hylkaa", data={"hylkaa-reason": "Henkilöllisyys ei täsmää"})
    db.session.expire_all()
    user = db.session.get(User, pending.id)
    assert user.status == Status.REJECTED
    note = db.session.scalar(select(Notification).where(Notification.user_id == user.id))
    assert "Henkilöllisyys ei täsmää" in note.body


def test_ask_for_more_information_keeps_user_pending(staff_client, make_user, open_data):
    pending = make_user(status=Status.PENDING)
    open_data(pending)
    staff_client.post(
        f"/koordinaattori/kayttajat/{pending.id}/lisatietoja",
        data={"lisatietoja-reason": "Lähetä suosittelijan yhteystiedot"},
    )
    db.session.expire_all()
    user = db.session.get(User, pending.id)
    assert user.status == Status.PENDING
    assert user.vetting.info_requested == "Lähetä suosittelijan yhteystiedot"
    page = staff_client.get("/koordinaattori/rekisteroitymiset").get_data(as_text=True)
    assert "Lähetä suosittelijan yhteystiedot" in page


def test_suspend_ends_sessions_withdraws_offers_and_reinstate(
    app, staff_client, make_user, open_data, make_shift, offer, login
):
    assistant = make_user()
    other = app.test_client()
    other.post("/kirjaudu", data={"email": assistant.email, "password": "correct horse battery"})
    assert other.get("/omat-tiedot").status_code == 200
    g.pop("_login_user", None)  # the test's app context is shared by both clients
    pending_offer = offer(make_shift(), assistant)
    open_data(assistant, purpose="safety")
    base = f"/koordinaattori/kayttajat/{assistant.id}"
    response = staff_client.post(f"{base}/jaadyta", data={"jaadyta-reason": "Vakava valitus"})
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    db.session.expire_all()
    assert db.session.get(User, assistant.id).status == Status.SUSPENDED
    g.pop("_login_user", None)
    assert other.get("/omat-tiedot").status_code == 302  # signed out at once
    g.pop("_login_user", None)
    sessions = db.session.scalars(select(AuthSession).where(AuthSession.user_id == assistant.id))
    assert all(s.revoked_at is not None for s in sessions)
    assert db.session.get(type(pending_offer), pending_offer.id).state == OfferState.WITHDRAWN
    assert db.session.scalar(select(ChangeLog).where(ChangeLog.assistant_id == assistant.id))

    staff_client.post(f"{base}/palauta", data={"palauta-reason": "Selvitetty"})
    db.session.expire_all()
    assert db.session.get(User, assistant.id).status == Status.APPROVED


def test_decisions_reach_the_user_by_real_email_in_their_language(
    staff_client, make_user, open_data, smtp_server
):
    pending = make_user(Role.EMPLOYER, status=Status.PENDING, locale="sv")
    rejected = make_user(status=Status.PENDING, locale="fi")
    open_data(pending)
    staff_client.post(
        f"/koordinaattori/kayttajat/{pending.id}/tarkistuslista", data={"identity_method": "video"}
    )
    staff_client.post(f"/koordinaattori/kayttajat/{pending.id}/hyvaksy")
    open_data(rejected)
    staff_client.post(
        f"/koordinaattori/kayttajat/{rejected.id}/hylkaa",
        data={"hylkaa-reason": "Henkilöllisyyttä ei voitu todentaa."},
    )
    approved_mail, rejected_mail = smtp_server.messages
    assert approved_mail["To"] == pending.email
    assert approved_mail["Subject"] == "Ditt konto på Avustajatori har godkänts"
    assert rejected_mail["To"] == rejected.email
    body = rejected_mail.get_body(preferencelist=("plain",)).get_content()
    assert "Henkilöllisyyttä ei voitu todentaa." in body


def test_identity_seen_in_the_future_is_refused(staff_client, make_user, open_data):
    pending = make_user(status=Status.PENDING)
    open_data(pending)
    response = staff_client.post(
        f"/koordinaattori/kayttajat/{pending.id}/tarkistuslista",
        data={"identity_method": "in_person", "identity_seen_at": "2030-01-01T10:00"},
    )
    assert response.status_code == 400
    assert "Aika on tulevaisuudessa" in response.get_data(as_text=True)
    db.session.refresh(pending)
    assert pending.vetting is None or pending.vetting.identity_seen_at is None
