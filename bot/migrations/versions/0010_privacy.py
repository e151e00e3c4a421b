"""privacy: research consent, and the verb and target of audit entries

Revision ID: 0010_privacy
Revises: 0009_send_started, 0004_digest, 0007_audit
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010_privacy"
# after 0009 (the head at branch time), and needing 0004's member/programme tables and 0007's audit_entry
down_revision: str | Sequence[str] | None = ("0009_send_started", "0004_digest", "0007_audit")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "research_consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("given_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"]),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("member_id"),
    )
    with op.batch_alter_table("research_consent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_research_consent_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_research_consent_workspace_id"), ["workspace_id"], unique=False)
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verb", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("target", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False,
                                      server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_column("target")
        batch_op.drop_column("verb")
    op.drop_table("research_consent")
