"""teams conversation references

Revision ID: 0003_teams
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003_teams"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "teams_conversation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("service_url", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("unreachable", sa.Boolean(), nullable=False),
        sa.Column("unreachable_reason", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "conversation_id"),
    )
    with op.batch_alter_table("teams_conversation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teams_conversation_workspace_id"), ["workspace_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_teams_conversation_team_id"), ["team_id"], unique=False)

    op.create_table(
        "teams_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("personal_conversation_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("home_channel", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("service_url", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("unreachable", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "user_id"),
    )
    with op.batch_alter_table("teams_user", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teams_user_workspace_id"), ["workspace_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("teams_user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teams_user_workspace_id"))
    op.drop_table("teams_user")
    with op.batch_alter_table("teams_conversation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teams_conversation_team_id"))
        batch_op.drop_index(batch_op.f("ix_teams_conversation_workspace_id"))
    op.drop_table("teams_conversation")
