"""inbound inbox: commands and button presses committed before their ack, handled exactly once

Revision ID: 0010_inbound_inbox
Revises: 0009_send_started
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010_inbound_inbox"
down_revision: str | None = "0009_send_started"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbound_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("event", sa.Text(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("claimed_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("lease_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("received_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("done_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_index("ix_inbound_request_status_lease", "inbound_request", ["status", "lease_until"])
    op.create_index(op.f("ix_inbound_request_received_at"), "inbound_request", ["received_at"])
    op.create_index(op.f("ix_inbound_request_workspace_id"), "inbound_request", ["workspace_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_inbound_request_workspace_id"), table_name="inbound_request")
    op.drop_index(op.f("ix_inbound_request_received_at"), table_name="inbound_request")
    op.drop_index("ix_inbound_request_status_lease", table_name="inbound_request")
    op.drop_table("inbound_request")
