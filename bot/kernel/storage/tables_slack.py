"""Slack adapter records: OAuth installations (tokens) and reused DM channel ids, each tied to a workspace.

Empty strings stand for "none" in key columns so unique constraints work on every database.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class SlackInstallation(SQLModel, table=True):
    """The bot installation of one workspace (or org); removed when the app is uninstalled."""

    __tablename__ = "slack_installation"
    __table_args__ = (UniqueConstraint("enterprise_id", "team_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    enterprise_id: str = Field(default="", max_length=32)
    team_id: str = Field(default="", max_length=32, index=True)
    team_name: str = Field(default="", max_length=200)
    app_id: str = Field(default="", max_length=32)
    bot_token: str = Field(sa_column=Column(Text, nullable=False))
    bot_id: str = Field(default="", max_length=32)
    bot_user_id: str = Field(default="", max_length=32)
    bot_scopes: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    bot_refresh_token: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    bot_token_expires_at: int | None = None
    installer_user_id: str = Field(default="", max_length=32)
    is_enterprise_install: bool = False
    installed_at: datetime


class SlackDmChannel(SQLModel, table=True):
    """The DM channel id of a user, from conversations.open (Tier 3), kept so it is opened once."""

    __tablename__ = "slack_dm_channel"
    __table_args__ = (UniqueConstraint("workspace_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    user_id: str = Field(max_length=32)
    channel_id: str = Field(max_length=32)
    opened_at: datetime
