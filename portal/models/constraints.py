"""Database rules that plain ORM columns cannot express, shared by create_all and Alembic.

An assistant never has two overlapping active bookings. PostgreSQL enforces it with an
exclusion constraint over a time range; SQLite, which has none, with triggers that
abort the write. The Alembic revision 'Booking overlap rule' runs the same statements,
so a database made by create_all (tests) and one made by migrations agree.
"""

from sqlalchemy import DDL, event

from portal.models.shifts import Booking

OVERLAP_CONSTRAINT = "ex_bookings_assistant_overlap"
OVERLAP_MESSAGE = "booking overlaps another active booking of the assistant"

PG_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    f"ALTER TABLE bookings ADD CONSTRAINT {OVERLAP_CONSTRAINT} EXCLUDE USING gist "
    "(assistant_id WITH =, tstzrange(starts_at, ends_at) WITH &&) "
    "WHERE (cancelled_at IS NULL)",
]
PG_DROP = [f"ALTER TABLE bookings DROP CONSTRAINT IF EXISTS {OVERLAP_CONSTRAINT}"]

# Constant text, no user input in it.
_SQLITE_CLASH = (
    f"SELECT RAISE(ABORT, '{OVERLAP_MESSAGE}') WHERE NEW.cancelled_at IS NULL AND EXISTS ("  # noqa: S608
    "SELECT 1 FROM bookings AS b WHERE b.assistant_id = NEW.assistant_id "
    "AND b.cancelled_at IS NULL AND b.id IS NOT NEW.id "
    "AND b.starts_at < NEW.ends_at AND NEW.starts_at < b.ends_at);"
)
SQLITE_CREATE = [
    "CREATE TRIGGER trg_bookings_overlap_insert BEFORE INSERT ON bookings "
    f"BEGIN {_SQLITE_CLASH} END",
    "CREATE TRIGGER trg_bookings_overlap_update BEFORE UPDATE OF "
    "assistant_id, starts_at, ends_at, cancelled_at ON bookings "
    f"BEGIN {_SQLITE_CLASH} END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS trg_bookings_overlap_insert",
    "DROP TRIGGER IF EXISTS trg_bookings_overlap_update",
]


def statements(dialect: str, *, drop: bool = False) -> list[str]:
    """The statements that create (or drop) the overlap rule on this dialect."""
    if dialect == "postgresql":
        return PG_DROP if drop else PG_CREATE
    if dialect == "sqlite":
        return SQLITE_DROP if drop else SQLITE_CREATE
    return []


for _dialect in ("postgresql", "sqlite"):
    for _sql in statements(_dialect):
        event.listen(Booking.__table__, "after_create", DDL(_sql).execute_if(dialect=_dialect))
