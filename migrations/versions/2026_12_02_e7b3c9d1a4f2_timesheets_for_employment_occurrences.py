"""Timesheets for employment occurrences (employment_id + work_day beside booking_id)

Revision ID: e7b3c9d1a4f2
Revises: 5ca1e0b1d2c3
Create Date: 2026-12-02 04:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7b3c9d1a4f2'
down_revision = '5ca1e0b1d2c3'
branch_labels = None
depends_on = None

CHECK = (
    "(booking_id IS NOT NULL AND employment_id IS NULL AND work_day IS NULL)"
    " OR (booking_id IS NULL AND employment_id IS NOT NULL AND work_day IS NOT NULL)"
)


def upgrade():
    with op.batch_alter_table('timesheets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('employment_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('work_day', sa.Date(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_timesheets_employment_id_employments'),
            'employments', ['employment_id'], ['id'], ondelete='CASCADE',
        )
        batch_op.create_unique_constraint(
            batch_op.f('uq_timesheets_employment_id'), ['employment_id', 'work_day']
        )
        batch_op.create_check_constraint('booking_or_occurrence', CHECK)


def downgrade():
    op.execute("DELETE FROM timesheets WHERE booking_id IS NULL")
    with op.batch_alter_table('timesheets', schema=None) as batch_op:
        batch_op.drop_constraint('booking_or_occurrence', type_='check')
        batch_op.drop_constraint(batch_op.f('uq_timesheets_employment_id'), type_='unique')
        batch_op.drop_constraint(
            batch_op.f('fk_timesheets_employment_id_employments'), type_='foreignkey'
        )
        batch_op.drop_column('work_day')
        batch_op.drop_column('employment_id')
