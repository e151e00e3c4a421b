"""The audit log: who did what, when, in which group (coordinator and lead actions)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class AuditEntry(SQLModel, table=True):
    """One action of a coordinator, owner, lead or the operator; `detail` holds its arguments, never a reflection."""

    __tablename__ = "audit_entry"
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    group_id: int | None = Field(default=None, foreign_key="samskaping_group.id", index=True)
    actor_user_id: str = Field(max_length=64)
    actor_name: str = Field(default="", max_length=200)
    actor_role: str = Field(max_length=16)
    action: str = Field(max_length=40)  # the command (or the operator's CLI command), e.g. "milepæl"
    #: what it did, e.g. "complete", "delete", "view", "erase" (the migration's server default too)
    verb: str = Field(default="", max_length=40, sa_column_kwargs={"server_default": ""})
    #: what it did it to, e.g. "milestone 5", "user U123"
    target: str = Field(default="", max_length=120, sa_column_kwargs={"server_default": ""})
    detail: str = Field(default="", max_length=300)
    at: datetime = Field(index=True)
