"""Payers, period sheets and timesheets; pay fields on the employer profile

Revision ID: d4e8a1b7c6f3
Revises: 4b434e60d8b5
Create Date: 2026-12-02 02:55:00

Written by hand (issue 13). A payer holds its supplement rates and pay-period days as
data; one default payer (Helsinki 15.3.2016 rates, Espoo periods) is inserted. The new
employer columns are nullable, so no data moves. Downgrade drops them all.

"""
from datetime import UTC, datetime
from decimal import Decimal

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4e8a1b7c6f3'
down_revision = '4b434e60d8b5'
branch_labels = None
depends_on = None

RATE = sa.Numeric(6, 4)


def upgrade():
    payers = op.create_table(
        'payers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('municipality_code', sa.String(length=3), nullable=True),
        sa.Column('is_default', sa.Boolean(), nullable=False),
        sa.Column('evening', RATE, nullable=False),
        sa.Column('night', RATE, nullable=False),
        sa.Column('saturday', RATE, nullable=False),
        sa.Column('sunday', RATE, nullable=False),
        sa.Column('split_day', sa.Integer(), nullable=False),
        sa.Column('first_due_day', sa.Integer(), nullable=False),
        sa.Column('second_due_day', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('split_day BETWEEN 1 AND 27', name=op.f('ck_payers_split_day_range')),
        sa.CheckConstraint('first_due_day BETWEEN 1 AND 31', name=op.f('ck_payers_first_due_range')),
        sa.CheckConstraint('second_due_day BETWEEN 1 AND 31', name=op.f('ck_payers_second_due_range')),
        sa.ForeignKeyConstraint(['municipality_code'], ['municipalities.code'], name=op.f('fk_payers_municipality_code_municipalities')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_payers')),
        sa.UniqueConstraint('municipality_code', name=op.f('uq_payers_municipality_code')),
        sa.UniqueConstraint('name', name=op.f('uq_payers_name')),
    )
    op.create_index(
        'uq_payers_one_default', 'payers', ['is_default'], unique=True,
        sqlite_where=sa.text('is_default'), postgresql_where=sa.text('is_default'),
    )
    op.bulk_insert(payers, [{
        'id': 1, 'name': 'Helsinki 2016 / Espoo', 'municipality_code': None, 'is_default': True,
        'evening': Decimal('0.15'), 'night': Decimal('0.30'), 'saturday': Decimal('0.20'),
        'sunday': Decimal('1.00'), 'split_day': 15, 'first_due_day': 20, 'second_due_day': 5,
        'updated_at': datetime(2026, 12, 2, tzinfo=UTC),
    }])
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("SELECT setval('payers_id_seq', (SELECT max(id) FROM payers))")

    op.create_table(
        'period_sheets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('employer_id', sa.Integer(), nullable=False),
        sa.Column('first_day', sa.Date(), nullable=False),
        sa.Column('last_day', sa.Date(), nullable=False),
        sa.Column('due_day', sa.Date(), nullable=False),
        sa.Column('state', sa.Enum('open', 'locked', name='sheetstate', native_enum=False, length=24), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('locked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('reopened_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('reopened_by_id', sa.Integer(), nullable=True),
        sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['employer_id'], ['employer_profiles.user_id'], name=op.f('fk_period_sheets_employer_id_employer_profiles'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['reopened_by_id'], ['users.id'], name=op.f('fk_period_sheets_reopened_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_period_sheets')),
        sa.UniqueConstraint('employer_id', 'first_day', name=op.f('uq_period_sheets_employer_id')),
    )
    op.create_index(op.f('ix_period_sheets_employer_id'), 'period_sheets', ['employer_id'], unique=False)

    op.create_table(
        'timesheets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sheet_id', sa.Integer(), nullable=False),
        sa.Column('booking_id', sa.Integer(), nullable=True),
        sa.Column('assistant_id', sa.Integer(), nullable=False),
        sa.Column('actual_start', sa.DateTime(timezone=True), nullable=False),
        sa.Column('actual_end', sa.DateTime(timezone=True), nullable=False),
        sa.Column('break_minutes', sa.Integer(), nullable=False),
        sa.Column('state', sa.Enum('submitted', 'returned', 'approved', name='timesheetstate', native_enum=False, length=24), nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint('actual_end > actual_start', name=op.f('ck_timesheets_ends_after_start')),
        sa.CheckConstraint('break_minutes >= 0', name=op.f('ck_timesheets_break_nonnegative')),
        sa.ForeignKeyConstraint(['assistant_id'], ['assistant_profiles.user_id'], name=op.f('fk_timesheets_assistant_id_assistant_profiles'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name=op.f('fk_timesheets_booking_id_bookings'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_timesheets_decided_by_id_users'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['sheet_id'], ['period_sheets.id'], name=op.f('fk_timesheets_sheet_id_period_sheets'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_timesheets')),
        sa.UniqueConstraint('booking_id', name=op.f('uq_timesheets_booking_id')),
    )
    op.create_index(op.f('ix_timesheets_assistant_id'), 'timesheets', ['assistant_id'], unique=False)
    op.create_index(op.f('ix_timesheets_sheet_id'), 'timesheets', ['sheet_id'], unique=False)

    with op.batch_alter_table('employer_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('payer_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('hourly_wage', sa.Numeric(precision=7, scale=2), nullable=True))
        batch_op.add_column(sa.Column('monthly_hours', sa.Numeric(precision=6, scale=1), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_employer_profiles_payer_id_payers'), 'payers', ['payer_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('employer_profiles', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_employer_profiles_payer_id_payers'), type_='foreignkey')
        batch_op.drop_column('monthly_hours')
        batch_op.drop_column('hourly_wage')
        batch_op.drop_column('payer_id')
    op.drop_index(op.f('ix_timesheets_sheet_id'), table_name='timesheets')
    op.drop_index(op.f('ix_timesheets_assistant_id'), table_name='timesheets')
    op.drop_table('timesheets')
    op.drop_index(op.f('ix_period_sheets_employer_id'), table_name='period_sheets')
    op.drop_table('period_sheets')
    op.drop_index('uq_payers_one_default', table_name='payers')
    op.drop_table('payers')
