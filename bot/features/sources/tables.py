"""The source register: one row per entry, numbered per group."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class SourceEntry(SQLModel, table=True):
    """A source of knowledge a group found: a person (by role), a document, a plan or an organisation.

    `added_by` is the platform user id of who added it; erasure blanks it (the entry belongs to the group).
    """

    __tablename__ = "source_entry"
    __table_args__ = (UniqueConstraint("group_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    group_id: int = Field(foreign_key="samskaping_group.id", index=True)
    number: int
    kind: str = Field(max_length=16)  # person | dokument | plan | organisasjon
    title: str = Field(max_length=200)
    link: str | None = Field(default=None, max_length=500)
    sector: str | None = Field(default=None, max_length=32)
    owner: str | None = Field(default=None, max_length=200)
    note: str | None = Field(default=None, max_length=500)
    added_by: str | None = Field(default=None, max_length=64)
    created_at: datetime
