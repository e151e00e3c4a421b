"""Each group's stakeholder map (forankring): who the work must be anchored with, and how far it has come."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class Stakeholder(SQLModel, table=True):
    """Someone the work must be anchored with: a name or role, a direction and how far anchoring has come."""

    __table_args__ = (UniqueConstraint("group_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    group_id: int = Field(foreign_key="samskaping_group.id", index=True)
    number: int
    name_or_role: str = Field(max_length=200)
    direction: str = Field(max_length=16)  # sideveis | oppover | nedover
    relation: str = Field(default="informert", max_length=16)  # informert | involvert | forankret
    next_step: str | None = Field(default=None, max_length=300)
    last_contact: date | None = None
    created_at: datetime
