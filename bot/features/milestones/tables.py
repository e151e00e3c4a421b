"""Milestones and their anchoring checklists."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class MilestoneStatus(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"
    OVERDUE = "overdue"


class Milestone(SQLModel, table=True):
    """A group's milestone, numbered per group; programme milestones carry their source key."""

    __table_args__ = (UniqueConstraint("group_id", "number"), UniqueConstraint("group_id", "source_key"))
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    group_id: int = Field(foreign_key="samskaping_group.id", index=True)
    number: int
    title: str = Field(max_length=200)
    kind: str = Field(default="annet", max_length=32)
    due_date: date = Field(index=True)
    due_time: time | None = None
    owner_id: int | None = Field(default=None, foreign_key="member.id")  # None: the group's coordinators
    description: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    status: str = Field(default=MilestoneStatus.PLANNED.value, max_length=16, index=True)
    source_key: str | None = Field(default=None, max_length=200)
    checklist_id: str | None = Field(default=None, max_length=80)
    planned_at: datetime  # when the current due date was set: nudges before it are never sent
    done_at: datetime | None = None
    created_at: datetime


class ChecklistItem(SQLModel, table=True):
    """One anchoring item of a milestone, ticked in chat."""

    __tablename__ = "milestone_checklist_item"
    __table_args__ = (UniqueConstraint("milestone_id", "item_key"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    milestone_id: int = Field(foreign_key="milestone.id", index=True)
    position: int = 0
    item_key: str = Field(max_length=80)  # the template item's id, so ticks survive wording changes
    direction: str = Field(max_length=16)  # sideveis | oppover | nedover
    text: str = Field(max_length=300)
    done: bool = False
    done_by: int | None = Field(default=None, foreign_key="member.id")
    done_at: datetime | None = None
