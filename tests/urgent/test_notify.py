"""Channels: real SMTP, a fake SMS gateway, retries with backoff, quiet hours, webhook."""

from datetime import timedelta
from email import message_from_bytes
from email.policy import default

from sqlalchemy import select

from portal.extensions import db
from portal.models import DeliveryLog, MessagePrefs, Offer, OfferState
from portal.notify import dispatch
from portal.services.urgent import rounds
from portal.services.urgent.tasks import run_sweep


def test_email_goes_over_real_smtp_and_is_logged(app, smtp, make_user, queue, now):
    user = make_user()
    dispatch.notify(user, "test", "Hei", "Viesti", now)
    db.session.commit()
    queue.drain(now)
    log = db.session.scalar(select(DeliveryLog).where(DeliveryLog.channel == "email"))
    assert log.state == "sent"
    assert len(smtp.messages) == 1
    assert smtp.messages[0].rcpt_tos == [user.email]
    received = message_from_bytes(smtp.messages[0].content, policy=default)
    assert "/peru-sahkopostit/" in received.get_content()  # one-click unsubscribe link
    queue.drain(now)
    queue.enqueue_delivery(log.id)  # a duplicate task after a worker restart
    queue.drain(now)
    assert len(smtp.messages) == 1  # sent once


def test_failed_email_is_retried_with_backoff_and_never_lost(app, smtp, make_user, queue, now):
    user = make_user()
    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = 1  # nothing listens there
    dispatch.notify(user, "test", "Hei", "Viesti", now)
    db.session.commit()
    queue.drain(now)
    log = db.session.scalar(select(DeliveryLog).where(DeliveryLog.channel == "email"))
    assert log.state == "failed"
    assert log.last_error
    assert log.next_attempt_at == now + timedelta(seconds=30)
    queue.drain(now + timedelta(seconds=31))
    db.session.refresh(log)
    assert log.attempts == 2
    assert log.next_attempt_at == now + timedelta(seconds=31 + 60)
    app.config["MAIL_PORT"] = port
    queue.deliveries.clear()  # the queued retry is lost: the sweeper still finds the row
    run_sweep(now + timedelta(minutes=5))
    db.session.refresh(log)
    assert log.state == "sent"
    assert len(smtp.messages) == 1


def _sms_user(make_user, **prefs):
    user = make_user(phone="040 1234567")
    db.session.add(
        MessagePrefs(
            user_id=user.id,
            inapp=True,
            email=False,
            sms=True,
            quiet_start=22,
            quiet_end=7,
            night_urgent=prefs.get("night_urgent", False),
        )
    )
    db.session.commit()
    return user


def test_sms_is_a_json_post_with_the_api_key_and_retried_on_failure(
    app, sms_gateway, make_user, queue, now
):
    user = _sms_user(make_user)
    sms_gateway.fail = True
    dispatch.notify(user, "test", "Hei", "Viesti", now, sms_text="K 1234")
    db.session.commit()
    queue.drain(now)
    log = db.session.scalar(select(DeliveryLog).where(DeliveryLog.channel == "sms"))
    assert log.state == "failed"
    assert "503" in log.last_error
    sms_gateway.fail = False
    queue.drain(now + timedelta(minutes=1))
    db.session.refresh(log)
    assert log.state == "sent"
    assert sms_gateway.posts == [{"to": "040 1234567", "text": "K 1234", "reference": str(log.id)}]
    assert sms_gateway.headers[0]["Authorization"] == "Bearer test-key"


def test_no_sms_in_quiet_hours_unless_opted_in_and_shift_soon(app, make_user, now):
    night = now.replace(hour=22)  # 00:00 in Helsinki
    quiet = _sms_user(make_user)
    keen = _sms_user(make_user, night_urgent=True)
    prefs_quiet, prefs_keen = dispatch.prefs_for(quiet.id), dispatch.prefs_for(keen.id)
    assert dispatch.sms_allowed(prefs_quiet, now, None)
    assert not dispatch.sms_allowed(prefs_quiet, night, night + timedelta(hours=1))
    assert dispatch.sms_allowed(prefs_keen, night, night + timedelta(hours=2))
    assert not dispatch.sms_allowed(prefs_keen, night, night + timedelta(hours=8))


def test_sms_reply_webhook_checks_secret_and_answers_offer(
    app, client, sms_gateway, population, urgent_shift, now
):
    employer, people = population()
    shift = urgent_shift(employer, hours=30)
    rounds.start(shift, now)
    db.session.commit()
    offer = db.session.scalars(select(Offer).where(Offer.shift_id == shift.id)).first()
    body = {"from": "+358 " + offer.assistant.phone[1:], "text": f"k {offer.sms_code}"}
    assert client.post("/sms/saapuva", json=body).status_code == 403
    wrong = {"X-Webhook-Secret": "nope"}
    assert client.post("/sms/saapuva", json=body, headers=wrong).status_code == 403
    other_phone = dict(body, **{"from": "050 999999"})
    good = {"X-Webhook-Secret": "hook-secret"}
    assert client.post("/sms/saapuva", json=other_phone, headers=good).json["result"] == "unknown"
    response = client.post("/sms/saapuva", json=body, headers=good)
    assert response.json["result"] == "accepted"
    db.session.refresh(offer)
    assert offer.state == OfferState.ACCEPTED
    assert offer.answer_channel == "sms"


def test_in_app_message_is_stored_as_sent_without_a_second_write(app, make_user, now):
    """Storing the notification is the delivery: its log row is written once, already sent."""
    from sqlalchemy import event

    user = make_user()
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        dispatch.notify(user, "test", "Hei", "Viesti", now)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    db.session.commit()
    log = db.session.scalar(select(DeliveryLog).where(DeliveryLog.channel == "inapp"))
    assert (log.state, log.attempts, log.sent_at, log.next_attempt_at) == ("sent", 1, now, None)
    assert not [s for s in statements if s.startswith("UPDATE delivery_log")]
