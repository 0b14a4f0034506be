"""Download my data, ask for erasure, and proof that erasure leaves no personal text."""

import json
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Enum, String, Text, func, select

from portal.extensions import db
from portal.models import (
    AlertItem,
    AssistantProfile,
    AuditEvent,
    AuthSession,
    AvailabilityException,
    Base,
    ChatMessage,
    ContactRequest,
    DeliveryLog,
    ErasureRequest,
    ExceptionKind,
    LoginAttempt,
    Notification,
    PeriodSheet,
    Rating,
    Report,
    Role,
    SavedSearch,
    SearchKind,
    Timesheet,
    User,
    UserBlock,
    VettingRecord,
    VettingReference,
)
from portal.notify.dispatch import tell
from portal.services.staff import personal_data

MARKER = "Qz7w"  # short enough for the narrowest text column (offers.sms_code, 8)


def _text_columns(table):
    """Every free text column, found by reflection (a new column is covered at once)."""
    return [
        c
        for c in table.columns
        if isinstance(c.type, String | Text) and not isinstance(c.type, Enum)
    ]  # enum columns only take their declared values


def _marker_hits() -> list[str]:
    hits = []
    for table in Base.metadata.sorted_tables:
        for col in _text_columns(table):
            count = db.session.scalar(
                select(func.count()).select_from(table).where(col.contains(MARKER))
            )
            if count:
                hits.append(f"{table.name}.{col.name}")
    return hits


def _build_world(make_user, make_shift, book, offer, coordinator):
    """An assistant and an employer with a row in every table that can hold their data."""
    assistant, employer = make_user(), make_user(Role.EMPLOYER)
    shift = make_shift(employer, starts_at=datetime.now(UTC) - timedelta(days=2))
    booking = book(shift, assistant)
    offer(shift, assistant, sms_code="ABC123")
    for rater, ratee in ((employer, assistant), (assistant, employer)):
        db.session.add(Rating(booking_id=booking.id, rater_id=rater.id, ratee_id=ratee.id, stars=4))
    db.session.add(
        AvailabilityException(assistant_id=assistant.id, day=date.today(), kind=ExceptionKind.SICK)
    )
    for user in (assistant, employer):
        db.session.add(AuthSession(user_id=user.id, token_hash=f"hash-{user.id}"))
        db.session.add(LoginAttempt(email=user.email, address="10.0.0.1"))
        db.session.add(ErasureRequest(user_id=user.id))
        db.session.add(Report(kind="report", reporter_id=user.id, reason="r"))
        db.session.add(
            Report(
                kind="report",
                reporter_id=coordinator.id,
                target_type="profile",
                target_id=user.id,
                reason="about them",
            )
        )
        record = VettingRecord(
            user_id=user.id,
            identity_seen_by_id=coordinator.id,
            criminal_record_seen_on=date(2026, 1, 2),
        )
        db.session.add(record)
        db.session.flush()
        db.session.add(VettingReference(vetting_id=record.id, name="n", relation="r"))
        tell(user, "test", lambda: ("s", "b"))
    db.session.get(AssistantProfile, assistant.id).pin_lat = 65.7
    sheet = PeriodSheet(
        employer_id=employer.id,
        first_day=date(2026, 11, 1),
        last_day=date(2026, 11, 15),
        due_day=date(2026, 11, 20),
    )
    db.session.add(sheet)
    db.session.flush()
    db.session.add(
        Timesheet(
            sheet_id=sheet.id,
            booking_id=booking.id,
            assistant_id=assistant.id,
            actual_start=booking.starts_at,
            actual_end=booking.ends_at,
            comment="returned",
        )
    )
    _board_rows(assistant, employer, shift)
    _position_rows(assistant, employer)
    db.session.commit()
    return assistant, employer


def _position_rows(assistant, employer):
    """A position with an application, and the employer's decision naming a relative."""
    from portal.models import Decision, DecisionRelative, Position, PositionApplication

    position = Position(
        employer_id=employer.id, title="t", tasks="t", starts_on=date.today(), postcode="94100"
    )
    decision = Decision(
        employer_id=employer.id,
        decided_on=date.today(),
        valid_from=date.today(),
        granted_hours=100.0,
    )
    db.session.add_all([position, decision])
    db.session.flush()
    db.session.add(
        PositionApplication(
            position_id=position.id, assistant_id=assistant.id, state="applied", message="m"
        )
    )
    db.session.add(
        DecisionRelative(
            decision_id=decision.id, name="n", relation="sibling", approved_on=date.today()
        )
    )


def _board_rows(assistant, employer, shift):
    """A conversation with a message each way, a block, saved searches and an alert."""
    request = ContactRequest(
        employer_id=employer.id, assistant_id=assistant.id, shift_id=shift.id, note="n"
    )
    db.session.add(request)
    db.session.flush()
    for sender in (assistant, employer):
        db.session.add(ChatMessage(request_id=request.id, sender_id=sender.id, body="b"))
        search = SavedSearch(user_id=sender.id, kind=SearchKind.WORK, name="s", criteria="{}")
        db.session.add(search)
        db.session.flush()
        db.session.add(AlertItem(search_id=search.id, source="shift", item_id=shift.id))
    db.session.add(UserBlock(blocker_id=assistant.id, blocked_id=employer.id))


def _plant_everywhere(users):
    """Put the marker in every personal text column of every row the users own."""
    planted = set()
    for user in users:
        for name, rows in personal_data.owned_rows(user).items():
            table = Base.metadata.tables[name]
            pk = next(iter(table.primary_key.columns))
            columns = personal_data.personal_text_columns(table)
            for row in rows:
                # Unique columns get a unique marker that still fits 8 characters; ids run
                # past 99 on PostgreSQL, whose sequences keep counting between tests.
                values = {
                    c.name: f"{MARKER}{c.name[:1]}{getattr(row, pk.name) % 1000}"
                    if c.unique
                    else MARKER
                    for c in columns
                }
                if values:
                    db.session.execute(
                        table.update().where(pk == getattr(row, pk.name)).values(**values)
                    )
                    planted.add(name)
        # login attempts are tied to a user only by the address typed in: keep that tie
        db.session.expire_all()
        db.session.execute(
            LoginAttempt.__table__.update()
            .where(LoginAttempt.address == MARKER, LoginAttempt.email == MARKER)
            .values(email=db.session.get(User, user.id).email, address=MARKER + "!")
        )
        db.session.expire_all()
    db.session.commit()
    return planted


def test_erasure_leaves_no_marker_in_any_text_column(
    app, make_user, make_shift, book, offer, coordinator
):
    users = _build_world(make_user, make_shift, book, offer, coordinator)
    planted = _plant_everywhere(users)

    # Every table that can hold a user's text got a marker: the reflection found them all.
    holding = {
        t.name
        for t in Base.metadata.sorted_tables
        if t.name not in personal_data.EXEMPT_TABLES
        and personal_data.personal_text_columns(t)
        and (
            personal_data._owner_columns(t)
            or personal_data._parent_columns(t)
            or t.name in {"users", "login_attempts", "delivery_log"}
        )
    }
    assert holding <= planted, holding - planted
    for column in personal_data.NOT_PERSONAL:  # the exceptions name real columns
        name, col = column.split(".")
        assert col in Base.metadata.tables[name].c
    assert _marker_hits()

    for user in users:
        personal_data.erase(user)
    db.session.commit()

    assert _marker_hits() == []
    assistant = db.session.get(User, users[0].id)
    assert assistant.erased_at is not None
    assert assistant.role == Role.ASSISTANT
    assert db.session.get(AssistantProfile, assistant.id).pin_lat is None
    assert db.session.scalar(select(func.count()).select_from(AuthSession)) == 0
    assert db.session.scalar(select(func.count()).select_from(Rating)) == 2  # stats kept


def test_download_my_data_page_and_json(client, make_user, login, open_data, coordinator):
    user = make_user(first_name="Omadata", phone="040 555")
    tell(user, "hello", lambda: ("Tervetuloa", "Hei"))
    db.session.add(
        AuditEvent(
            actor_id=coordinator.id,
            action="personal_data.view",
            subject_user_id=user.id,
            purpose="vetting",
        )
    )
    db.session.commit()
    login(user)
    page = client.get("/omat-tiedot").get_data(as_text=True)
    assert "Omadata" in page
    assert "040 555" in page
    assert "Tervetuloa" in page
    response = client.get("/omat-tiedot.json")
    data = json.loads(response.data)
    assert data["users"][0]["first_name"] == "Omadata"
    assert "password_hash" not in data["users"][0]
    assert data["audit_events"] == [
        {"at": data["audit_events"][0]["at"], "action": "personal_data.view", "purpose": "vetting"}
    ]
    looks = client.get("/omat-tiedot/katselut").get_data(as_text=True)
    assert "Vetting a registration" in looks or "Rekisteröitymisen" in looks
    assert coordinator.last_name not in looks


def test_erasure_request_carried_out_by_coordinator(app, make_user, staff_client):
    from flask import g

    user = make_user(first_name="Poistettava")
    own = app.test_client()
    own.post("/kirjaudu", data={"email": user.email, "password": "correct horse battery"})
    assert own.post("/omat-tiedot/poisto", data={"message": "Lopetan"}).status_code == 400
    assert own.post("/omat-tiedot/poisto", data={"confirm": "y"}).status_code == 302
    g.pop("_login_user", None)
    request = db.session.scalar(select(ErasureRequest))
    assert "Poistettava" not in staff_client.get("/koordinaattori/jono").get_data(as_text=True)
    done = staff_client.post(f"/koordinaattori/poistopyynnot/{request.id}")
    assert done.status_code == 302
    db.session.expire_all()
    erased = db.session.get(User, user.id)
    assert erased.erased_at is not None
    assert erased.first_name == ""
    assert db.session.get(ErasureRequest, request.id).state == "done"
    g.pop("_login_user", None)
    assert own.get("/omat-tiedot").status_code == 302  # the session ended
    mail = db.session.scalars(select(DeliveryLog)).all()
    assert all("Poistettava" not in (m.body + m.address) for m in mail)
    assert db.session.scalar(select(Notification).where(Notification.user_id == user.id))
