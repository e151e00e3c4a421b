"""source register, introductions across sectors, and outbox rows for group conversations

Revision ID: 0010_sources_introductions
Revises: 0009_send_started
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010_sources_introductions"
down_revision: str | None = "0009_send_started"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _string(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def _moment() -> sqlmodel.sql.sqltypes.UTCDateTime:
    return sqlmodel.sql.sqltypes.UTCDateTime()


def _keys(*columns: str) -> list[sa.ForeignKeyConstraint]:
    targets = {"workspace_id": "workspace.id", "group_id": "samskaping_group.id", "member_id": "member.id",
               "member_a": "member.id", "member_b": "member.id", "member_c": "member.id",
               "round_id": "intro_round.id", "match_id": "intro_match.id"}
    return [sa.ForeignKeyConstraint([c], [targets[c]]) for c in columns]


def _index(table: str, *columns: str, unique: bool = False) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=unique)


def upgrade() -> None:
    op.create_table(
        "source_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", _string(16), nullable=False),
        sa.Column("title", _string(200), nullable=False),
        sa.Column("link", _string(500), nullable=True),
        sa.Column("sector", _string(32), nullable=True),
        sa.Column("owner", _string(200), nullable=True),
        sa.Column("note", _string(500), nullable=True),
        sa.Column("added_by", _string(64), nullable=True),
        sa.Column("created_at", _moment(), nullable=False),
        *_keys("group_id", "workspace_id"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "number"),
    )
    _index("source_entry", "group_id", "workspace_id")
    op.create_table(
        "intro_setting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("rhythm", _string(16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("changed_at", _moment(), nullable=False),
        *_keys("group_id", "workspace_id"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id"),
    )
    _index("intro_setting", "workspace_id")
    op.create_table(
        "intro_opt_out",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("created_at", _moment(), nullable=False),
        *_keys("group_id", "member_id", "workspace_id"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "member_id"),
    )
    _index("intro_opt_out", "group_id", "member_id", "workspace_id")
    op.create_table(
        "intro_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_at", _moment(), nullable=False),
        *_keys("group_id", "workspace_id"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "number"),
    )
    _index("intro_round", "group_id", "workspace_id")
    op.create_table(
        "intro_match",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("member_a", sa.Integer(), nullable=False),
        sa.Column("member_b", sa.Integer(), nullable=False),
        sa.Column("member_c", sa.Integer(), nullable=True),
        sa.Column("question_id", _string(80), nullable=True),
        sa.Column("created_at", _moment(), nullable=False),
        *_keys("group_id", "member_a", "member_b", "member_c", "round_id", "workspace_id"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("round_id", "position"),
    )
    _index("intro_match", "group_id", "round_id", "workspace_id")
    op.create_table(
        "intro_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("met", sa.Boolean(), nullable=False),
        sa.Column("answered_at", _moment(), nullable=False),
        *_keys("match_id", "member_id", "workspace_id"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("match_id", "member_id"),
    )
    _index("intro_answer", "match_id", "workspace_id")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_ids", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("user_ids")
    for table in ("intro_answer", "intro_match", "intro_round", "intro_opt_out", "intro_setting", "source_entry"):
        op.drop_table(table)
