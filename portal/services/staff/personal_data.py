"""Everything the portal holds about a user: download it, or erase it.

Rows are found by reflecting over the schema, so a table added later with a foreign key
to a user is exported and erased without touching this module: a row belongs to a user
when one of its owner foreign keys (to users.id or to a profile keyed by the user id)
holds the user's id, or when it hangs off such a row in an OWNED_PARENTS table.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Enum, Row, String, Table, Text, delete, or_, select, update

from portal.extensions import db
from portal.models import AuditEvent, Base, ChangeLog, User, utcnow
from portal.services.accounts import end_all_sessions

USER_KEYS = {"users.id", "assistant_profiles.user_id", "employer_profiles.user_id"}
# Reference data and the audit trail: the trail is append-only and, by design, holds
# no free text about its subject (only ids, action names and the staff's purpose).
EXEMPT_TABLES = {"audit_events", "municipalities", "postal_codes", "village_aliases", "skills"}
# Foreign keys naming a staff member or another object, not the owner of the row.
NOT_OWNER_KEYS = {
    "vetting_records.identity_seen_by_id",
    "bookings.cancelled_by_id",
    "reports.handled_by_id",
    "erasure_requests.handled_by_id",
    "moderation_settings.updated_by_id",
    "shifts.copied_from_id",
    "timesheets.decided_by_id",
    "period_sheets.reopened_by_id",
    # Being blocked is not shown to the blocked person: it would tell them who did it.
    "user_blocks.blocked_id",
}
# Rows hanging off a user's row that are theirs too (a reference in their vetting).
# Messages in a conversation belong to both its parties; alerts to the search's owner.
OWNED_PARENTS = {"vetting_records", "notifications", "contact_requests", "saved_searches"}
# Text columns that are codes or states, not anything said by or about a person.
NOT_PERSONAL = {
    "users.locale",
    "users.agreement_version",
    "assistant_profiles.languages",
    "shifts.languages",
    "shifts.weekly_pattern",
    "shifts.moderation",
    "offers.answer_channel",
    "notifications.kind",
    "delivery_log.channel",
    "delivery_log.state",
    "reports.kind",
    "reports.target_type",
    "reports.state",
    "reports.outcome",
    "moderation_settings.content_type",
    "moderation_settings.mode",
    "erasure_requests.state",
    "offer_rounds.strategy",
    "alert_items.source",
}
SECRET = {"users.password_hash", "auth_sessions.token_hash", "offers.sms_code"}
# Non-text personal values cleared too: exact home pins and the extract date.
CLEARED_VALUES = {
    "assistant_profiles.pin_lat",
    "assistant_profiles.pin_lon",
    "vetting_records.criminal_record_seen_on",
    "vetting_references.contacted_on",
}
DELETED_TABLES = {"auth_sessions", "login_attempts"}


def personal_text_columns(table: Table) -> list[Column[Any]]:
    """Free-text columns of a table that may hold personal data."""
    return [
        col
        for col in table.columns
        if isinstance(col.type, String | Text)
        and not isinstance(col.type, Enum)
        and not col.foreign_keys
        and not col.primary_key
        and f"{table.name}.{col.name}" not in NOT_PERSONAL
    ]


def _owner_columns(table: Table) -> list[Column[Any]]:
    """Columns of `table` whose value is a user's id (the row's owner)."""
    found = []
    for col in table.columns:
        if f"{table.name}.{col.name}" in NOT_OWNER_KEYS:
            continue
        if any(fk.target_fullname in USER_KEYS for fk in col.foreign_keys):
            found.append(col)
    return found


def _parent_columns(table: Table) -> list[tuple[Column[Any], Table]]:
    """(column, parent table) pairs pointing at an OWNED_PARENTS table."""
    return [
        (col, fk.column.table)
        for col in table.columns
        for fk in col.foreign_keys
        if fk.column.table.name in OWNED_PARENTS
    ]


def owned_rows(user: User) -> dict[str, list[Row[Any]]]:
    """Every row of every table that belongs to the user, as Core rows by table name."""
    found: dict[str, list[Row[Any]]] = {}
    parents: dict[str, set[int]] = {}
    for table in Base.metadata.sorted_tables:
        if table.name in EXEMPT_TABLES:
            continue
        conditions = [col == user.id for col in _owner_columns(table)]
        if table.name == "users":
            conditions.append(table.c.id == user.id)
        for col, parent in _parent_columns(table):
            conditions.append(col.in_(parents.get(parent.name, set()) or [-1]))
        if table.name == "reports":
            conditions.append((table.c.target_type == "profile") & (table.c.target_id == user.id))
        if table.name == "delivery_log":
            conditions.append(table.c.address == user.email)
        if table.name == "login_attempts":
            conditions.append(table.c.email == user.email)
        if not conditions:
            continue
        rows = list(db.session.execute(select(table).where(or_(*conditions))))
        if rows:
            found[table.name] = rows
            if table.name in OWNED_PARENTS:
                parents[table.name] = {row.id for row in rows}
    return found


def _plain(value: Any) -> Any:
    """A JSON-friendly value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def export(user: User) -> dict[str, list[dict[str, Any]]]:
    """The user's data as plain dicts by table (secrets left out; staff names never)."""
    data = {}
    for name, rows in owned_rows(user).items():
        data[name] = [
            {k: _plain(v) for k, v in row._mapping.items() if f"{name}.{k}" not in SECRET}
            for row in rows
        ]
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.subject_user_id == user.id).order_by(AuditEvent.at)
    )
    data["audit_events"] = [
        {"at": e.at.isoformat(), "action": e.action, "purpose": e.purpose} for e in events
    ]
    return data


def _erased_value(table: Table, col: Column[Any], pk: Any, user: User) -> str | None:
    """What replaces a personal text: nothing, or a unique placeholder where one is needed."""
    if col.nullable:
        return None
    if table.name == "users" and col.name == "email":
        return f"erased-{user.id}@invalid.invalid"
    if col.unique:
        return f"erased-{table.name}-{pk}"
    return ""


def erase(user: User) -> None:
    """Blank every personal field of the user's rows; keep ids, states and times for stats."""
    end_all_sessions(user)
    rows_by_table = owned_rows(user)
    for table in Base.metadata.sorted_tables:
        rows = rows_by_table.get(table.name)
        if not rows:
            continue
        pk = next(iter(table.primary_key.columns))
        ids = [getattr(row, pk.name) for row in rows]
        if table.name in DELETED_TABLES:
            db.session.execute(delete(table).where(pk.in_(ids)))
            continue
        cleared = {
            col.name: None for col in table.columns if f"{table.name}.{col.name}" in CLEARED_VALUES
        }
        texts = personal_text_columns(table)
        for row_id in ids:
            values: dict[str, str | None] = dict(cleared)
            values.update({col.name: _erased_value(table, col, row_id, user) for col in texts})
            if values:
                db.session.execute(update(table).where(pk == row_id).values(**values))
    if "assistant_profiles" in rows_by_table:
        db.session.execute(
            update(Base.metadata.tables["assistant_profiles"])
            .where(Base.metadata.tables["assistant_profiles"].c.user_id == user.id)
            .values(visible=False)
        )
        db.session.add(ChangeLog(assistant_id=user.id))
    db.session.expire_all()
    user.erased_at = utcnow()
    db.session.flush()
