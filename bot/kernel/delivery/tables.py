"""Delivery coordination between replicas: which process sends for a workspace right now."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class SenderLease(SQLModel, table=True):
    """One replica at a time sends for a workspace, so pacing within the platform's limits holds globally."""

    __tablename__ = "sender_lease"
    workspace_id: int = Field(foreign_key="workspace.id", primary_key=True)
    holder: str = Field(max_length=64)
    lease_until: datetime
