"""Booking overlap rule: an assistant never has two overlapping active bookings

PostgreSQL: an exclusion constraint (btree_gist) over tstzrange(starts_at, ends_at).
SQLite: BEFORE INSERT/UPDATE triggers that abort. The same statements run from the
metadata's DDL events under create_all (portal/models/constraints.py).

Revision ID: b7c1e0a4d2f1
Revises: 71a8b4b362a2
Create Date: 2026-11-23 22:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b7c1e0a4d2f1'
down_revision = '71a8b4b362a2'
branch_labels = None
depends_on = None

# Frozen copies of portal/models/constraints.py at this revision (a test checks they agree).
PG_CREATE = ['CREATE EXTENSION IF NOT EXISTS btree_gist', 'ALTER TABLE bookings ADD CONSTRAINT ex_bookings_assistant_overlap EXCLUDE USING gist (assistant_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (cancelled_at IS NULL)']
PG_DROP = ['ALTER TABLE bookings DROP CONSTRAINT IF EXISTS ex_bookings_assistant_overlap']
SQLITE_CREATE = ["CREATE TRIGGER trg_bookings_overlap_insert BEFORE INSERT ON bookings BEGIN SELECT RAISE(ABORT, 'booking overlaps another active booking of the assistant') WHERE NEW.cancelled_at IS NULL AND EXISTS (SELECT 1 FROM bookings AS b WHERE b.assistant_id = NEW.assistant_id AND b.cancelled_at IS NULL AND b.id IS NOT NEW.id AND b.starts_at < NEW.ends_at AND NEW.starts_at < b.ends_at); END", "CREATE TRIGGER trg_bookings_overlap_update BEFORE UPDATE OF assistant_id, starts_at, ends_at, cancelled_at ON bookings BEGIN SELECT RAISE(ABORT, 'booking overlaps another active booking of the assistant') WHERE NEW.cancelled_at IS NULL AND EXISTS (SELECT 1 FROM bookings AS b WHERE b.assistant_id = NEW.assistant_id AND b.cancelled_at IS NULL AND b.id IS NOT NEW.id AND b.starts_at < NEW.ends_at AND NEW.starts_at < b.ends_at); END"]
SQLITE_DROP = ['DROP TRIGGER IF EXISTS trg_bookings_overlap_insert', 'DROP TRIGGER IF EXISTS trg_bookings_overlap_update']


def statements(dialect, drop=False):
    if dialect == "postgresql":
        return PG_DROP if drop else PG_CREATE
    if dialect == "sqlite":
        return SQLITE_DROP if drop else SQLITE_CREATE
    return []


def upgrade():
    for sql in statements(op.get_bind().dialect.name):
        op.execute(sql)


def downgrade():
    for sql in statements(op.get_bind().dialect.name, drop=True):
        op.execute(sql)
