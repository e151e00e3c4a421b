"""Teams conversation references: where the bot can reach a channel, a chat or one person proactively.

A Teams channel is known by `channelData.channel.id`; conversation ids carry a `;messageid=` suffix per
thread, so only the part before it is stored. Every inbound activity refreshes the service URL.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class TeamsConversation(SQLModel, table=True):
    """A channel, group chat or personal chat the bot has seen in a tenant (workspace)."""

    __tablename__ = "teams_conversation"
    __table_args__ = (UniqueConstraint("workspace_id", "conversation_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    conversation_id: str = Field(max_length=200)
    kind: str = Field(default="channel", max_length=16)  # channel | groupChat | personal
    team_id: str | None = Field(default=None, max_length=200, index=True)
    service_url: str = Field(max_length=300)
    unreachable: bool = False
    unreachable_reason: str | None = Field(default=None, max_length=64)
    updated_at: datetime


class TeamsUser(SQLModel, table=True):
    """One person in a tenant: their personal (1:1) conversation and the group channel they were last seen in."""

    __tablename__ = "teams_user"
    __table_args__ = (UniqueConstraint("workspace_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    user_id: str = Field(max_length=200)  # the 29: id
    personal_conversation_id: str | None = Field(default=None, max_length=200)
    home_channel: str | None = Field(default=None, max_length=200)
    service_url: str | None = Field(default=None, max_length=300)
    unreachable: bool = False
    updated_at: datetime
