"""milestones, anchoring checklists and stakeholders

Revision ID: 0005_milestones
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005_milestones"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _string(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "milestone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", _string(200), nullable=False),
        sa.Column("kind", _string(32), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("due_time", sa.Time(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("status", _string(16), nullable=False),
        sa.Column("source_key", _string(200), nullable=True),
        sa.Column("checklist_id", _string(80), nullable=True),
        sa.Column("planned_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("done_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["samskaping_group.id"]),
        sa.ForeignKeyConstraint(["owner_id"], ["member.id"]),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "number"),
        sa.UniqueConstraint("group_id", "source_key"),
    )
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_milestone_workspace_id"), ["workspace_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_milestone_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_milestone_due_date"), ["due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_milestone_status"), ["status"], unique=False)

    op.create_table(
        "milestone_checklist_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("item_key", _string(80), nullable=False),
        sa.Column("direction", _string(16), nullable=False),
        sa.Column("text", _string(300), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_by", sa.Integer(), nullable=True),
        sa.Column("done_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["done_by"], ["member.id"]),
        sa.ForeignKeyConstraint(["milestone_id"], ["milestone.id"]),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("milestone_id", "item_key"),
    )
    with op.batch_alter_table("milestone_checklist_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_milestone_checklist_item_workspace_id"), ["workspace_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_milestone_checklist_item_milestone_id"), ["milestone_id"], unique=False)

    op.create_table(
        "stakeholder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name_or_role", _string(200), nullable=False),
        sa.Column("direction", _string(16), nullable=False),
        sa.Column("relation", _string(16), nullable=False),
        sa.Column("next_step", _string(300), nullable=True),
        sa.Column("last_contact", sa.Date(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["samskaping_group.id"]),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "number"),
    )
    with op.batch_alter_table("stakeholder", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stakeholder_workspace_id"), ["workspace_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stakeholder_group_id"), ["group_id"], unique=False)


def downgrade() -> None:
    op.drop_table("stakeholder")
    op.drop_table("milestone_checklist_item")
    op.drop_table("milestone")
