"""Tables for the weekly digest: who receives a programme's digest (project leads and mentors)."""

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
