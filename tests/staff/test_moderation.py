"""Reports, disputes and accessibility feedback through the real forms."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AssistantProfile,
    Booking,
    ChangeLog,
    ModerationState,
    Notification,
    Rating,
    Report,
    Role,
    Shift,
    Status,
    User,
)
from portal.services.staff import moderation


def _signed_in(app, user):
    other = app.test_client()
    other.post("/kirjaudu", data={"email": user.email, "password": "correct horse battery"})
    return other


def test_report_a_profile_and_remove_it(app, staff_client, make_user):
    from flask import g

    reporter = make_user(Role.EMPLOYER)
    reported = make_user(first_name="Raportoitu")
    reporter_client = _signed_in(app, reporter)
    assert reporter_client.get(f"/ilmoita/profiili/{reported.id}").status_code == 200
    assert (
        reporter_client.post(f"/ilmoita/profiili/{reported.id}", data={"reason": ""}).status_code
        == 400
    )
    sent = reporter_client.post(
        f"/ilmoita/profiili/{reported.id}", data={"reason": "Asiaton ilmoitusteksti"}
    )
    assert sent.status_code == 302
    assert reporter_client.get("/ilmoita/profiili/999999").status_code == 404
    g.pop("_login_user", None)

    queue = staff_client.get("/koordinaattori/jono").get_data(as_text=True)
    report = db.session.scalar(select(Report))
    assert f"/koordinaattori/jono/{report.id}" in queue
    page = staff_client.get(f"/koordinaattori/jono/{report.id}").get_data(as_text=True)
    assert "Asiaton ilmoitusteksti" in page
    missing = staff_client.post(f"/koordinaattori/jono/{report.id}", data={"outcome": "removed"})
    assert missing.status_code == 400
    done = staff_client.post(
        f"/koordinaattori/jono/{report.id}",
        data={"outcome": "removed", "reason": "Teksti rikkoi sääntöjä"},
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(AssistantProfile, reported.id).moderation == ModerationState.REMOVED
    handled = db.session.get(Report, report.id)
    assert (handled.state, handled.outcome) == ("closed", "removed")
    told = db.session.scalar(select(Notification).where(Notification.user_id == reporter.id))
    assert "Teksti rikkoi sääntöjä" in told.body
    again = staff_client.post(
        f"/koordinaattori/jono/{report.id}", data={"outcome": "no_action", "reason": "x"}
    )
    assert again.status_code == 409  # already decided: a conflict, shown on the page


def test_report_outcome_suspends_the_user(staff_client, make_user, make_shift):
    employer = make_user(Role.EMPLOYER)
    shift = make_shift(employer)
    report = moderation.create_report(make_user(), "shift", shift.id, "Huijaus")
    db.session.commit()
    staff_client.post(
        f"/koordinaattori/jono/{report.id}",
        data={"outcome": "user_suspended", "reason": "Huijausyritys"},
    )
    db.session.expire_all()
    assert db.session.get(User, employer.id).status == Status.SUSPENDED


def test_dispute_removes_a_no_show(staff_client, make_user, make_shift, book):
    assistant = make_user()
    start = datetime.now(UTC) - timedelta(days=2)
    booking = book(make_shift(starts_at=start), assistant, no_show=True)
    db.session.add(
        Report(
            kind="dispute",
            reporter_id=assistant.id,
            target_type="booking",
            target_id=booking.id,
            reason="Olin paikalla",
        )
    )
    db.session.commit()
    report = db.session.scalar(select(Report))
    before = db.session.scalar(select(ChangeLog.seq).order_by(ChangeLog.seq.desc())) or 0
    wrong = staff_client.post(
        f"/koordinaattori/jono/{report.id}", data={"outcome": "rating_hidden", "reason": "x"}
    )
    assert wrong.status_code == 400
    staff_client.post(
        f"/koordinaattori/jono/{report.id}",
        data={"outcome": "no_show_removed", "reason": "Työnantaja vahvisti läsnäolon"},
    )
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).no_show_removed is True
    assert db.session.scalar(
        select(ChangeLog).where(ChangeLog.assistant_id == assistant.id, ChangeLog.seq > before)
    )


def test_dispute_hides_a_rating_with_reason(staff_client, make_user, make_shift, book):
    assistant, employer = make_user(), make_user(Role.EMPLOYER)
    booking = book(make_shift(employer, starts_at=datetime.now(UTC) - timedelta(days=3)), assistant)
    rating = Rating(
        booking_id=booking.id,
        rater_id=employer.id,
        ratee_id=assistant.id,
        stars=1,
        comment="Kauhea",
    )
    db.session.add(rating)
    db.session.flush()
    db.session.add(
        Report(
            kind="dispute",
            reporter_id=assistant.id,
            target_type="rating",
            target_id=rating.id,
            reason="Perätön",
        )
    )
    db.session.commit()
    report = db.session.scalar(select(Report))
    staff_client.post(
        f"/koordinaattori/jono/{report.id}",
        data={"outcome": "rating_hidden", "reason": "Arvio ei koskenut työtä"},
    )
    db.session.expire_all()
    hidden = db.session.get(Rating, rating.id)
    assert hidden.hidden
    assert hidden.hidden_reason == "Arvio ei koskenut työtä"


def test_anonymous_accessibility_feedback_lands_in_queue_with_deadline(client, app, make_user):
    assert client.get("/saavutettavuus").status_code == 200
    page = client.get("/saavutettavuus").get_data(as_text=True)
    assert "aluehallintovirasto" in page
    assert client.post("/saavutettavuus/palaute", data={"message": ""}).status_code == 400
    sent = client.post(
        "/saavutettavuus/palaute",
        data={"message": "Kartta ei toimi ruudunlukijalla", "contact": "a@b.fi"},
    )
    assert sent.status_code == 302
    report = db.session.scalar(select(Report))
    assert (report.kind, report.reporter_id, report.contact) == ("accessibility", None, "a@b.fi")
    assert report.due_at - report.created_at == timedelta(days=14)
    coordinator = make_user(Role.COORDINATOR)
    client.post("/kirjaudu", data={"email": coordinator.email, "password": "correct horse battery"})
    queue = client.get("/koordinaattori/jono").get_data(as_text=True)
    assert f"/koordinaattori/jono/{report.id}" in queue


def test_pre_moderation_setting_and_approval(staff_client, make_user, make_shift):
    assert moderation.initial_state("shift") == "approved"  # post-moderation by default
    saved = staff_client.post(
        "/koordinaattori/moderointi/asetukset", data={"announcement": "pre", "shift": "pre"}
    )
    assert saved.status_code == 302
    assert moderation.initial_state("shift") == "pending"
    assert moderation.initial_state("announcement") == "pending"
    shift = make_shift(moderation="pending", title="Odottava vuoro")
    assert "Odottava vuoro" in staff_client.get("/koordinaattori/jono").get_data(as_text=True)
    staff_client.post(f"/koordinaattori/moderointi/shift/{shift.id}/hyvaksy")
    db.session.expire_all()
    assert db.session.get(Shift, shift.id).moderation == "approved"
