"""What a real SMTP server receives: headers mail providers require, links, languages.

Parsed from the raw MIME the test SMTP server got (RFC 5322 Date and Message-ID, RFC 8058
one-click unsubscribe, RFC 3834 Auto-Submitted), not from our own objects.
"""

from datetime import timedelta
from email import message_from_bytes
from email.policy import default
from email.utils import parsedate_to_datetime

from sqlalchemy import select, update

from portal.extensions import db
from portal.models import DeliveryLog
from portal.notify import dispatch
from portal.notify.tasks import SENDING_LEASE
from portal.services.marketplace import applications
from portal.services.urgent import rounds
from portal.services.urgent.tasks import run_sweep


def _received(smtp):
    return [message_from_bytes(m.content, policy=default) for m in smtp.messages]


def test_every_email_has_date_message_id_and_auto_submitted(app, smtp, make_user, queue, now):
    user = make_user()
    dispatch.notify(user, "test", "Hei", "Viesti", now)
    db.session.commit()
    queue.drain(now)
    (mail,) = _received(smtp)
    assert parsedate_to_datetime(mail["Date"]).tzinfo is not None
    assert mail["Message-ID"].startswith("<")
    assert mail["Message-ID"].endswith(">")
    assert "@" in mail["Message-ID"]
    assert mail["Auto-Submitted"] == "auto-generated"


def test_offer_mail_has_one_click_unsubscribe_that_works_by_post(
    app, smtp, client, population, urgent_shift, queue, now
):
    employer, people = population()
    shift = urgent_shift(employer)
    rounds.start(shift, now)
    db.session.commit()
    queue.drain(now)
    mail = _received(smtp)[0]
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = mail["List-Unsubscribe"].strip().strip("<>")
    assert url.startswith(app.config["PUBLIC_URL"])
    path = url[len(app.config["PUBLIC_URL"].rstrip("/")) :]
    assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200


def test_a_resent_delivery_keeps_its_message_id(app, smtp, make_user, queue, now):
    """After a crash mid-send the sweeper sends again: the receiver sees the same Message-ID."""
    user = make_user()
    dispatch.notify(user, "test", "Hei", "Viesti", now)
    db.session.commit()
    queue.drain(now)
    log = db.session.scalar(select(DeliveryLog).where(DeliveryLog.channel == "email"))
    # as if a worker sent it and died before recording "sent"
    db.session.execute(
        update(DeliveryLog)
        .where(DeliveryLog.id == log.id)
        .values(state="sending", next_attempt_at=now + SENDING_LEASE)
    )
    db.session.commit()
    run_sweep(now + SENDING_LEASE + timedelta(seconds=1))
    first, second = _received(smtp)
    assert first["Message-ID"] == second["Message-ID"]


def test_a_crashed_send_is_retried_within_the_shortest_answer_window(app):
    shortest = min(app.config["ROUND_WINDOWS"])
    assert timedelta(minutes=shortest) > SENDING_LEASE


def test_invitation_and_confirmation_mails_link_to_the_shift_in_swedish_with_date(
    app, smtp, make_user, queue, now
):
    from portal.models import Role, Shift, ShiftKind, ShiftState

    employer = make_user(Role.EMPLOYER)
    assistant = make_user(Role.ASSISTANT, locale="sv")
    starts = now + timedelta(days=2)
    shift = Shift(
        employer_id=employer.id,
        kind=ShiftKind.ONE_OFF,
        state=ShiftState.OPEN,
        title="Kvällspass",
        starts_at=starts,
        ends_at=starts + timedelta(hours=4),
        postcode="94100",
    )
    db.session.add(shift)
    db.session.commit()
    applications.invite(employer, shift.id, [assistant.id])
    db.session.commit()
    queue.drain(now)
    invitation = _received(smtp)[-1]
    body = invitation.get_content()
    assert f"/vuorot/{shift.id}" in body
    assert body.startswith(app.config["PUBLIC_URL"]) or app.config["PUBLIC_URL"] in body
    offer = applications.offer_of(shift.id, assistant.id)
    offer.state = "applied"
    db.session.commit()
    applications.confirm_offer(employer, shift.id, offer.id, now)
    db.session.commit()
    queue.drain(now)
    confirmation = _received(smtp)[-1].get_content()
    assert f"/vuorot/{shift.id}" in confirmation
    assert "Kvällspass" in confirmation
    assert "7 mars 2030 10.00" in confirmation  # the date and time, in Swedish


def test_a_message_that_cannot_be_built_is_a_failed_delivery(app, smtp, make_user, queue, now):
    """A line break in a subject (from data saved before forms refused it) fails one
    delivery with its reason; nothing raises, nothing else is held up."""
    user, other = make_user(), make_user()
    dispatch.notify(user, "test", "Iltavuoro\nBcc: x@example.com", "Viesti", now)
    dispatch.notify(other, "test", "Aamuvuoro", "Viesti", now)
    db.session.commit()
    queue.drain(now)
    logs = db.session.scalars(
        select(DeliveryLog).where(DeliveryLog.channel == "email").order_by(DeliveryLog.id)
    ).all()
    assert [log.state for log in logs] == ["failed", "sent"]
    assert "could not be built" in logs[0].last_error
    assert len(smtp.messages) == 1


def test_a_single_line_field_refuses_a_line_break(client, login, make_user):
    from portal.models import Role

    login(make_user(Role.EMPLOYER))
    response = client.post(
        "/vuorot/uusi",
        data={"kind": "one_off", "title": "Iltavuoro\nBcc: x@example.com", "place": "94100"},
    )
    assert response.status_code == 400
    assert "yhdelle riville" in response.text


def test_applying_sends_no_mail_inside_the_request(app, smtp, client, login, make_user, queue):
    """Mail goes out from the queue after the commit: the request never waits on SMTP
    and never holds the database while it talks to a mail server."""
    from portal.models import Role, Shift, ShiftKind, ShiftState
    from portal.models import utcnow as now_utc

    employer, assistant = make_user(Role.EMPLOYER), make_user(Role.ASSISTANT)
    starts = now_utc() + timedelta(days=3)
    shift = Shift(
        employer_id=employer.id,
        kind=ShiftKind.ONE_OFF,
        state=ShiftState.OPEN,
        title="Aamuvuoro",
        starts_at=starts,
        ends_at=starts + timedelta(hours=4),
        postcode="94100",
    )
    db.session.add(shift)
    db.session.commit()
    login(assistant)
    response = client.post(f"/vuorot/{shift.id}/hae", data={"message": "Hei", "relative": "no"})
    assert response.status_code == 302
    assert smtp.messages == []  # nothing sent during the request
    assert queue.deliveries  # handed to the queue, after the commit
    queue.drain(now_utc())
    assert len(smtp.messages) == 1
