"""Working hours and time zone of someone in no group (a programme's lead or mentor): members keep theirs on each
membership (`member.work_start`, `work_end`, `timezone`)."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class OwnHours(SQLModel, table=True):
    """One person's own hours and zone in a workspace, when they are in no group (None: the default)."""

    __tablename__ = "own_hours"
    __table_args__ = (UniqueConstraint("workspace_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    user_id: str = Field(max_length=64)
    work_start: time | None = None
    work_end: time | None = None
    timezone: str | None = Field(default=None, max_length=64)
    updated_at: datetime
