"""Reusable queries; every one is scoped to a workspace."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.tables import Group, Member, PromptPost, Reflection, Workspace


async def workspace_for(session: AsyncSession, platform: str, external_id: str, *, now: datetime) -> Workspace:
    """The workspace row for a platform team/tenant, created on first contact."""
    found = await session.exec(
        select(Workspace).where(Workspace.platform == platform, Workspace.external_id == external_id)
    )
    workspace = found.first()
    if workspace is None:
        workspace = Workspace(platform=platform, external_id=external_id, created_at=now)
        session.add(workspace)
        await session.flush()
    return workspace


async def find_workspace(session: AsyncSession, platform: str, external_id: str) -> Workspace | None:
    found = await session.exec(
        select(Workspace).where(Workspace.platform == platform, Workspace.external_id == external_id)
    )
    return found.first()


async def group_in_channel(session: AsyncSession, workspace_id: int, channel_id: str) -> Group | None:
    found = await session.exec(
        select(Group).where(Group.workspace_id == workspace_id, Group.channel_id == channel_id)
    )
    return found.first()


async def member_of(session: AsyncSession, group: Group, user_id: str) -> Member | None:
    found = await session.exec(
        select(Member).where(
            Member.workspace_id == group.workspace_id, Member.group_id == group.id, Member.user_id == user_id
        )
    )
    return found.first()


async def members(session: AsyncSession, group: Group) -> list[Member]:
    found = await session.exec(
        select(Member)
        .where(Member.workspace_id == group.workspace_id, Member.group_id == group.id, Member.active == True)  # noqa: E712
        .order_by(Member.joined_at, Member.id)
    )
    return list(found.all())


async def latest_post(session: AsyncSession, group: Group, *, now: datetime) -> PromptPost | None:
    """The most recently posted prompt of the group (posted means its post time has come)."""
    found = await session.exec(
        select(PromptPost)
        .where(
            PromptPost.workspace_id == group.workspace_id,
            PromptPost.group_id == group.id,
            PromptPost.post_at <= now,
        )
        .order_by(PromptPost.post_at.desc(), PromptPost.id.desc())  # type: ignore[attr-defined,union-attr]
        .limit(1)
    )
    return found.first()


async def answer_count(session: AsyncSession, post: PromptPost) -> int:
    found = await session.exec(
        select(func.count()).select_from(Reflection).where(
            Reflection.workspace_id == post.workspace_id, Reflection.post_id == post.id
        )
    )
    return int(found.one())


async def reflection_by(session: AsyncSession, post: PromptPost, member: Member) -> Reflection | None:
    found = await session.exec(
        select(Reflection).where(
            Reflection.workspace_id == post.workspace_id,
            Reflection.post_id == post.id,
            Reflection.member_id == member.id,
        )
    )
    return found.first()
