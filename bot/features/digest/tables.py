"""Tables for the weekly digest: who receives a programme's digest (owners and leads), the groups each mentor
follows, and requests for a mentor's support."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class ProgrammeRole(SQLModel, table=True):
    """A person with a role in a whole programme: an owner (appoints the others), a project lead or a mentor
    (fadder); each gets the weekly digest."""

    __tablename__ = "programme_role"
    __table_args__ = (UniqueConstraint("programme_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    user_id: str = Field(max_length=64)
    role: str = Field(default="lead", max_length=16)  # owner | lead | mentor
    language: str = Field(default="nb", max_length=2)
    display_name: str = Field(default="", max_length=200)
    created_at: datetime


class ResearchConsent(SQLModel, table=True):
    """A member's consent (`forskning ja`) to have their answers in the pseudonymised research export; revocable."""

    __tablename__ = "research_consent"
    __table_args__ = (UniqueConstraint("member_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    given_at: datetime


class MentorGroup(SQLModel, table=True):
    """A mentor (fadder) following one group of a programme, appointed by its owners or leads: the mentor gets
    that group's weekly digest, may post a prompt to it and receives its coordinators' requests for support."""

    __tablename__ = "mentor_group"
    __table_args__ = (UniqueConstraint("group_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    group_id: int = Field(foreign_key="samskaping_group.id", index=True)
    user_id: str = Field(max_length=64, index=True)
    language: str = Field(default="nb", max_length=2)
    assigned_by: str = Field(default="", max_length=64)
    created_at: datetime


class SupportRequest(SQLModel, table=True):
    """A coordinator asked the group's mentors for support (`be-om-støtte`). The text went to the mentors as a
    private message; only that it happened is kept here, for the digest's count."""

    __tablename__ = "support_request"
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    group_id: int = Field(foreign_key="samskaping_group.id", index=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    created_at: datetime
