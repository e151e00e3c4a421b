"""Queries about prompt posts and answers; every one is scoped to the post's workspace."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.prompts.tables import PromptPost, Reflection
from bot.kernel.storage.tables import Group, Member


async def latest_post(session: AsyncSession, group: Group, *, now: datetime, prompt_id: str | None = None
                      ) -> PromptPost | None:
    """The most recently posted prompt of the group (posted means its post time has come), or of one prompt."""
    statement = select(PromptPost).where(
        PromptPost.workspace_id == group.workspace_id,
        PromptPost.group_id == group.id,
        PromptPost.post_at <= now,
    )
    if prompt_id is not None:
        statement = statement.where(PromptPost.prompt_id == prompt_id)
    found = await session.exec(
        statement.order_by(col(PromptPost.post_at).desc(), col(PromptPost.id).desc()).limit(1))
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


async def open_posts(session: AsyncSession, group: Group, *, now: datetime) -> list[PromptPost]:
    """The group's posted prompts whose due time has not come, oldest first (several may be open at once)."""
    found = await session.exec(select(PromptPost).where(
        PromptPost.workspace_id == group.workspace_id, PromptPost.group_id == group.id,
        PromptPost.post_at <= now, PromptPost.due_at > now,
    ).order_by(col(PromptPost.post_at), col(PromptPost.id)))
    return list(found.all())
