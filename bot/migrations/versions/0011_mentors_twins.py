"""mentors following chosen groups, requests for their support, and introductions across two municipalities

Revision ID: 0011_mentors_twins
Revises: 0010_sources_introductions, 0010_privacy
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011_mentors_twins"
# the introductions' tables (0010_sources_introductions) and the programme tables (via 0010_privacy → 0004_digest)
down_revision: str | Sequence[str] | None = ("0010_sources_introductions", "0010_privacy")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _string(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def _moment() -> sqlmodel.sql.sqltypes.UTCDateTime:
    return sqlmodel.sql.sqltypes.UTCDateTime()


def _keys(*columns: str) -> list[sa.ForeignKeyConstraint]:
    targets = {"workspace_id": "workspace.id", "programme_id": "programme.id", "group_id": "samskaping_group.id",
               "group_a": "samskaping_group.id", "group_b": "samskaping_group.id", "member_id": "member.id"}
    return [sa.ForeignKeyConstraint([c], [targets[c]]) for c in columns]


def _index(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "mentor_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("user_id", _string(64), nullable=False),
        sa.Column("language", _string(2), nullable=False),
        sa.Column("assigned_by", _string(64), nullable=False),
        sa.Column("created_at", _moment(), nullable=False),
        *_keys("group_id", "programme_id", "workspace_id"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "user_id"),
    )
    _index("mentor_group", "group_id", "programme_id", "user_id", "workspace_id")
    op.create_table(
        "support_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("created_at", _moment(), nullable=False),
        *_keys("group_id", "member_id", "workspace_id"),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("support_request", "group_id", "member_id", "workspace_id")
    op.create_table(
        "intro_twin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("group_a", sa.Integer(), nullable=False),
        sa.Column("group_b", sa.Integer(), nullable=False),
        sa.Column("allowed_by", _string(64), nullable=False),
        sa.Column("created_at", _moment(), nullable=False),
        *_keys("group_a", "group_b", "programme_id", "workspace_id"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_a"),
        sa.UniqueConstraint("group_b"),
    )
    _index("intro_twin", "programme_id", "workspace_id")


def downgrade() -> None:
    for table in ("intro_twin", "support_request", "mentor_group"):
        op.drop_table(table)
