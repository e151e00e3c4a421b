"""language: group glossaries, suppressed terms, suggestions, hint log and weekly jargon counts

Revision ID: 0006_language
Revises: 0001
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006_language"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STR = sqlmodel.sql.sqltypes.AutoString
_COUNTED = ("jargon_count", "term_count", "candidate_count")


def _owner_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
    ]


def _owner_constraints() -> list[sa.Constraint]:
    return [
        sa.ForeignKeyConstraint(["group_id"], ["samskaping_group.id"]),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"]),
        sa.PrimaryKeyConstraint("id"),
    ]


def _index_owner(table: str, *, workspace: bool = True) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{table}_group_id"), ["group_id"], unique=False)
        if workspace:
            batch_op.create_index(batch_op.f(f"ix_{table}_workspace_id"), ["workspace_id"], unique=False)


def upgrade() -> None:
    op.create_table(
        "group_term", *_owner_columns(),
        sa.Column("key", _STR(length=80), nullable=False),
        sa.Column("term", _STR(length=80), nullable=False),
        sa.Column("plain", _STR(length=300), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        *_owner_constraints(), sa.UniqueConstraint("group_id", "key"),
    )
    op.create_table(
        "term_suppression", *_owner_columns(),
        sa.Column("user_id", _STR(length=64), nullable=False),
        sa.Column("key", _STR(length=80), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        *_owner_constraints(), sa.UniqueConstraint("group_id", "user_id", "key"),
    )
    op.create_table(
        "term_suggestion", *_owner_columns(),
        sa.Column("key", _STR(length=80), nullable=False),
        sa.Column("term", _STR(length=80), nullable=False),
        sa.Column("plain", _STR(length=300), nullable=False),
        sa.Column("suggested_by", _STR(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        *_owner_constraints(), sa.UniqueConstraint("group_id", "key"),
    )
    op.create_table(
        "hint_log", *_owner_columns(),
        sa.Column("user_id", _STR(length=64), nullable=False),
        sa.Column("lemma", _STR(length=80), nullable=False),
        sa.Column("sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        *_owner_constraints(),
    )
    op.create_table(
        "jargon_count", *_owner_columns(),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("messages", sa.Integer(), nullable=False),
        sa.Column("findings", sa.Integer(), nullable=False),
        *_owner_constraints(), sa.UniqueConstraint("group_id", "week_start"),
    )
    for table in ("term_count", "candidate_count"):
        op.create_table(
            table, *_owner_columns(),
            sa.Column("week_start", sa.Date(), nullable=False),
            sa.Column("lemma", _STR(length=80), nullable=False),
            sa.Column("count", sa.Integer(), nullable=False),
            *_owner_constraints(), sa.UniqueConstraint("group_id", "week_start", "lemma"),
        )
    for table in ("group_term", "term_suppression", "term_suggestion", *_COUNTED):
        _index_owner(table)
    _index_owner("hint_log", workspace=False)
    op.create_index("ix_hint_log_user_sent", "hint_log", ["workspace_id", "user_id", "sent_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_hint_log_user_sent", table_name="hint_log")
    for table in ("hint_log", *_COUNTED, "term_suggestion", "term_suppression", "group_term"):
        op.drop_table(table)
