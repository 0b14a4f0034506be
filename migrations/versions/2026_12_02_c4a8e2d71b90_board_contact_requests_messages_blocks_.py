"""Board: contact requests, messages, blocks, saved searches and alerts

Revision ID: c4a8e2d71b90
Revises: d4b2f6a8c1e3
Create Date: 2026-12-02 02:30:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c4a8e2d71b90"
down_revision = "d4b2f6a8c1e3"
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)


def _enum(*values):
    return sa.Enum(*values, native_enum=False, length=24)


def upgrade():
    op.create_table(
        "contact_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("assistant_id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=True),
        sa.Column("position_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("state", _enum("pending", "accepted", "declined", "withdrawn"), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("answered_at", UTC, nullable=True),
        sa.Column("last_message_at", UTC, nullable=True),
        sa.CheckConstraint(
            "shift_id IS NOT NULL OR position_id IS NOT NULL",
            name=op.f("ck_contact_requests_about_something"),
        ),
        sa.ForeignKeyConstraint(
            ["assistant_id"],
            ["assistant_profiles.user_id"],
            name=op.f("fk_contact_requests_assistant_id_assistant_profiles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employer_profiles.user_id"],
            name=op.f("fk_contact_requests_employer_id_employer_profiles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"],
            ["shifts.id"],
            name=op.f("fk_contact_requests_shift_id_shifts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_requests")),
    )
    with op.batch_alter_table("contact_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_requests_assistant_id"), ["assistant_id"], unique=False
        )
        batch_op.create_index(
            "ix_contact_requests_pair", ["employer_id", "assistant_id"], unique=False
        )

    op.create_table(
        "chat_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("read_at", UTC, nullable=True),
        sa.Column("removed_at", UTC, nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["contact_requests.id"],
            name=op.f("fk_chat_messages_request_id_contact_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["users.id"],
            name=op.f("fk_chat_messages_sender_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_messages")),
    )
    with op.batch_alter_table("chat_messages", schema=None) as batch_op:
        batch_op.create_index(
            "ix_chat_messages_request_at", ["request_id", "created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_chat_messages_sender_id"), ["sender_id"], unique=False)

    op.create_table(
        "user_blocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("blocker_id", sa.Integer(), nullable=False),
        sa.Column("blocked_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.CheckConstraint("blocker_id <> blocked_id", name=op.f("ck_user_blocks_not_self")),
        sa.ForeignKeyConstraint(
            ["blocked_id"],
            ["users.id"],
            name=op.f("fk_user_blocks_blocked_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["blocker_id"],
            ["users.id"],
            name=op.f("fk_user_blocks_blocker_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_blocks")),
        sa.UniqueConstraint("blocker_id", "blocked_id", name=op.f("uq_user_blocks_blocker_id")),
    )
    with op.batch_alter_table("user_blocks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_blocks_blocked_id"), ["blocked_id"], unique=False)

    op.create_table(
        "saved_searches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("work", "assistants"), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("criteria", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("checked_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_saved_searches_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_searches")),
    )
    with op.batch_alter_table("saved_searches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_searches_user_id"), ["user_id"], unique=False)

    op.create_table(
        "alert_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("search_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["search_id"],
            ["saved_searches.id"],
            name=op.f("fk_alert_items_search_id_saved_searches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_items")),
        sa.UniqueConstraint(
            "search_id", "source", "item_id", name=op.f("uq_alert_items_search_id")
        ),
    )

    with op.batch_alter_table("message_prefs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "alert_frequency",
                _enum("instant", "daily", "off"),
                server_default="daily",
                nullable=False,
            )
        )


def downgrade():
    with op.batch_alter_table("message_prefs", schema=None) as batch_op:
        batch_op.drop_column("alert_frequency")
    op.drop_table("alert_items")
    with op.batch_alter_table("saved_searches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_searches_user_id"))
    op.drop_table("saved_searches")
    with op.batch_alter_table("user_blocks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_blocks_blocked_id"))
    op.drop_table("user_blocks")
    with op.batch_alter_table("chat_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chat_messages_sender_id"))
        batch_op.drop_index("ix_chat_messages_request_at")
    op.drop_table("chat_messages")
    with op.batch_alter_table("contact_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_requests_pair")
        batch_op.drop_index(batch_op.f("ix_contact_requests_assistant_id"))
    op.drop_table("contact_requests")
