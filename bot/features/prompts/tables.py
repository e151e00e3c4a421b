"""The between-meeting work's records: prompts posted to groups, and members' written answers (personal data)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class PromptPost(SQLModel, table=True):
    """A prompt from the library posted (or to be posted) to a group, with its due time."""

    __tablename__ = "prompt_post"
    __table_args__ = (UniqueConstraint("group_id", "occurrence_key"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    group_id: int = Field(foreign_key="samskaping_group.id", index=True)
    prompt_id: str = Field(max_length=80)
    occurrence_key: str = Field(max_length=200)
    post_at: datetime
    due_at: datetime
    reminder_times: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))
    reminders_done: int = 0
    closed: bool = False
    created_at: datetime


class Reflection(SQLModel, table=True):
    """A member's short written answer to a prompt post (personal data)."""

    __table_args__ = (UniqueConstraint("post_id", "member_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    post_id: int = Field(foreign_key="prompt_post.id", index=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    length: int
    late: bool = False
    quote_consent: bool = False
    created_at: datetime = Field(index=True)  # the digest looks up the newest answers by it
    updated_at: datetime
