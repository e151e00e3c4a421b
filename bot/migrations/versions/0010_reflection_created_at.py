"""reflection: an index on created_at (the digest finds each group's newest answer in a recent range)

Revision ID: 0010_reflection_created_at
Revises: 0009_send_started
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010_reflection_created_at"
down_revision: str | None = "0009_send_started"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_reflection_created_at"), "reflection", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_reflection_created_at"), table_name="reflection")
