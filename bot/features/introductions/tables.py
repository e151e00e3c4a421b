"""Introductions: a group's rhythm, who opted out, the rounds, who was introduced to whom, and whether they met."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class IntroSetting(SQLModel, table=True):
    """A group's introductions: off until a coordinator turns them on with a rhythm."""

    __tablename__ = "intro_setting"
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    group_id: int = Field(foreign_key="samskaping_group.id", unique=True)
    rhythm: str = Field(max_length=16)  # weekly | biweekly | monthly
    active: bool = True
    changed_at: datetime


class IntroOptOut(SQLModel, table=True):
    """A member who does not want introductions (`intro av`); `intro igjen` removes the row."""

    __tablename__ = "intro_opt_out"
    __table_args__ = (UniqueConstraint("group_id", "member_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    group_id: int = Field(foreign_key="samskaping_group.id", index=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    created_at: datetime


class IntroRound(SQLModel, table=True):
    """One round of a group's introductions; the unique number makes a round happen once."""

    __tablename__ = "intro_round"
    __table_args__ = (UniqueConstraint("group_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    group_id: int = Field(foreign_key="samskaping_group.id", index=True)
    number: int
    created_at: datetime


class IntroMatch(SQLModel, table=True):
    """A pair (or the round's one trio) introduced to each other."""

    __tablename__ = "intro_match"
    __table_args__ = (UniqueConstraint("round_id", "position"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    group_id: int = Field(foreign_key="samskaping_group.id", index=True)
    round_id: int = Field(foreign_key="intro_round.id", index=True)
    position: int
    member_a: int = Field(foreign_key="member.id")
    member_b: int = Field(foreign_key="member.id")
    member_c: int | None = Field(default=None, foreign_key="member.id")
    question_id: str | None = Field(default=None, max_length=80)
    created_at: datetime

    @property
    def member_ids(self) -> tuple[int, ...]:
        return (self.member_a, self.member_b) + ((self.member_c,) if self.member_c is not None else ())


class IntroAnswer(SQLModel, table=True):
    """One person's answer after an introduction: "vi møttes" (met) or "ikke ennå"."""

    __tablename__ = "intro_answer"
    __table_args__ = (UniqueConstraint("match_id", "member_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    match_id: int = Field(foreign_key="intro_match.id", index=True)
    member_id: int = Field(foreign_key="member.id")
    met: bool
    answered_at: datetime


class IntroTwin(SQLModel, table=True):
    """Two groups of one programme whose members are introduced across the two municipalities, allowed by the
    programme's owners or leads (`intro på-tvers`). A group is twinned with at most one other."""

    __tablename__ = "intro_twin"
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    group_a: int = Field(foreign_key="samskaping_group.id", unique=True)
    group_b: int = Field(foreign_key="samskaping_group.id", unique=True)
    allowed_by: str = Field(default="", max_length=64)
    created_at: datetime
