"""SQLModel tables: the records of the domain (no parallel entity model).

Every row but `Workspace` carries `workspace_id`, and every query filters on it.
"""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from typing import Protocol

from sqlalchemy import Column, Index, Table, Text, UniqueConstraint, inspect
from sqlmodel import Field, SQLModel

from bot.kernel.rules.people import Role


class _Row(Protocol):
    id: int | None


def id_of(row: _Row) -> int:
    """The primary key of a row that was saved (or flushed): its id is set from then on."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet: flush it first")
    return row.id


def table_of(model: type[SQLModel]) -> Table:
    """The Core table of a table model (SQLModel sets `__table__` on each, but does not declare its type)."""
    table = inspect(model).local_table
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not a table model")
    return table


class OutboxStatus(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"
    UNCERTAIN = "uncertain"
    CANCELLED = "cancelled"


class Workspace(SQLModel, table=True):
    """A tenant: one Slack workspace or Teams tenant (or the local console)."""

    __table_args__ = (UniqueConstraint("platform", "external_id"),)
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    external_id: str = Field(max_length=64)
    name: str = Field(default="", max_length=200)
    active: bool = True
    created_at: datetime


class Programme(SQLModel, table=True):
    """A programme several municipalities follow, e.g. a national pilot."""

    __table_args__ = (UniqueConstraint("workspace_id", "slug"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    slug: str = Field(max_length=80)
    name: str = Field(max_length=200)
    schedule_id: str | None = Field(default=None, max_length=80)
    created_at: datetime


class Group(SQLModel, table=True):
    """One municipality's cross-sector team, bound to one channel."""

    __tablename__ = "samskaping_group"
    __table_args__ = (UniqueConstraint("workspace_id", "channel_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    programme_id: int | None = Field(default=None, foreign_key="programme.id", index=True)
    municipality: str = Field(max_length=120)
    channel_id: str = Field(max_length=64)
    language: str = Field(default="nb", max_length=2)
    timezone: str = Field(default="Europe/Oslo", max_length=64)
    paused_until: date | None = None
    hints_enabled: bool = True
    adjustments: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
    created_at: datetime


class Member(SQLModel, table=True):
    """A person in a group, known by their platform user id."""

    __table_args__ = (UniqueConstraint("group_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    group_id: int = Field(foreign_key="samskaping_group.id", index=True)
    user_id: str = Field(max_length=64)
    display_name: str = Field(default="", max_length=200)
    sector: str | None = Field(default=None, max_length=32)
    role: str = Field(default=Role.PARTICIPANT.value, max_length=16)
    language: str | None = Field(default=None, max_length=2)
    hints_enabled: bool = True
    reminders_enabled: bool = True
    paused_until: date | None = None
    active: bool = True  # False once the person deleted their data
    joined_at: datetime
    #: the person's own working hours and time zone for private messages (None: the group's)
    work_start: time | None = None
    work_end: time | None = None
    timezone: str | None = Field(default=None, max_length=64)


class Gathering(SQLModel, table=True):
    """A meeting of the group (samling), physical or digital."""

    __table_args__ = (UniqueConstraint("group_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    group_id: int = Field(foreign_key="samskaping_group.id", index=True)
    key: str = Field(max_length=120)
    title: str = Field(default="", max_length=200)
    starts_at: datetime
    form: str = Field(default="physical", max_length=16)
    attendees: str = Field(default="", max_length=400)




class Draft(SQLModel, table=True):
    """Text a user wrote that we could not accept yet (too long): kept, never lost."""

    __table_args__ = (UniqueConstraint("workspace_id", "user_id", "purpose"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    user_id: str = Field(max_length=64)
    purpose: str = Field(max_length=80)
    text: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime


class Outbox(SQLModel, table=True):
    """Every outgoing message, once, keyed by an idempotency key."""

    __table_args__ = (
        UniqueConstraint("idempotency_key"),
        Index("ix_outbox_status_due", "status", "due_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    idempotency_key: str = Field(max_length=200)
    kind: str = Field(max_length=32)
    target: str = Field(max_length=16)  # channel | private | dm | group
    channel_id: str | None = Field(default=None, max_length=64)
    user_id: str | None = Field(default=None, max_length=64)
    user_ids: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # group: comma-separated
    thread_ref: str | None = Field(default=None, max_length=128)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    priority: int = 5  # lower is more important
    status: str = Field(default=OutboxStatus.PENDING.value, max_length=16)
    due_at: datetime
    attempts: int = 0
    attempted_at: datetime | None = None
    #: set, and committed, right before the call on platforms that cannot tell afterwards whether it arrived
    send_started_at: datetime | None = None
    lease_until: datetime | None = None
    claimed_by: str | None = Field(default=None, max_length=64)
    sent_at: datetime | None = None
    platform_ref: str | None = Field(default=None, max_length=128, index=True)
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime


class ProcessedEvent(SQLModel, table=True):
    """Inbound events already handled, so platform retries do nothing twice."""

    __tablename__ = "processed_event"
    __table_args__ = (UniqueConstraint("source", "event_id"),)
    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=80)
    event_id: str = Field(max_length=128)
    received_at: datetime = Field(index=True)


#: an inbound request's states: committed and not yet handled (by the replica holding its lease), or handled
DONE, ACCEPTED = "done", "accepted"


class InboundRequest(SQLModel, table=True):
    """A command or button press, committed before it is acknowledged and handled exactly once.

    `key` identifies the request as the platform sent it (a retry or a replayed signed request has the
    same key, so it does nothing twice); `event` is the neutral event, so any replica can finish it.
    """

    __tablename__ = "inbound_request"
    __table_args__ = (UniqueConstraint("key"), Index("ix_inbound_request_status_lease", "status", "lease_until"))
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    key: str = Field(max_length=200)
    event: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="accepted", max_length=16)  # accepted | done
    claimed_by: str = Field(max_length=64)
    lease_until: datetime
    received_at: datetime = Field(index=True)
    done_at: datetime | None = None
