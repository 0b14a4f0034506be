"""After-shift outcome on bookings

Revision ID: d4e8a1c7b2f3
Revises: d4e8a1b7c6f3
Create Date: 2026-12-02 02:55:00

One state both sides see (DESIGN §5): confirmed → happened | no_show → disputed → settled.
Existing rows are backfilled from the old flags: a removed no-show is settled, an open
dispute is disputed, a no-show is no_show, an employer's confirmation is happened.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4e8a1c7b2f3'
down_revision = 'd4e8a1b7c6f3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'outcome',
            sa.Enum('confirmed', 'happened', 'no_show', 'disputed', 'settled',
                    name='aftershift', native_enum=False, length=24),
            server_default='confirmed',
            nullable=False,
        ))
    op.execute("UPDATE bookings SET outcome = 'happened' WHERE employer_confirmed_at IS NOT NULL")
    op.execute("UPDATE bookings SET outcome = 'no_show' WHERE no_show")
    op.execute(
        "UPDATE bookings SET outcome = 'disputed' WHERE no_show AND id IN "
        "(SELECT target_id FROM reports WHERE kind = 'dispute' AND target_type = 'booking')"
    )
    op.execute("UPDATE bookings SET outcome = 'settled' WHERE no_show AND no_show_removed")


def downgrade():
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.drop_column('outcome')
