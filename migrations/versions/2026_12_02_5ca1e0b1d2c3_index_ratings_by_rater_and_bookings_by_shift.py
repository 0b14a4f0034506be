"""Index ratings by rater and bookings by shift (national-size look-ups scanned them)

Revision ID: 5ca1e0b1d2c3
Revises: d4e8a1c7b2f3
Create Date: 2026-12-02 02:50:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5ca1e0b1d2c3'
down_revision = 'd4e8a1c7b2f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(op.f('ix_ratings_rater_id'), 'ratings', ['rater_id'], unique=False)
    op.create_index(op.f('ix_bookings_shift_id'), 'bookings', ['shift_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_bookings_shift_id'), table_name='bookings')
    op.drop_index(op.f('ix_ratings_rater_id'), table_name='ratings')
