"""Reusable queries; every one is scoped to a workspace."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.kernel.storage.tables import Group, Member, Programme, Workspace
from bot.kernel.storage.uow import UnitOfWork
from bot.kernel.storage.upserts import add_once


async def workspace_for(session: AsyncSession, platform: str, external_id: str, *, now: datetime) -> Workspace:
    """The workspace row for a platform team/tenant, created on first contact.

    An upsert: two replicas handling a new workspace's first requests at once both get the one row
    (a select-then-insert would fail one of them on the unique constraint and lose its command).
    """
    found = await find_workspace(session, platform, external_id)
    if found is not None:
        return found
    await add_once(session, Workspace, ("platform", "external_id"),
                   {"platform": platform, "external_id": external_id, "name": "", "active": True, "created_at": now})
    return (await session.exec(  # added now, or by the replica that raced us (it committed before we went on)
        select(Workspace).where(Workspace.platform == platform, Workspace.external_id == external_id))).one()


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
        .order_by(col(Member.joined_at), col(Member.id))
    )
    return list(found.all())


#: `Session.info` key: every group with its programme, as read once in that session
_GROUPS = "groups_and_programmes"


async def groups_and_programmes(uow: UnitOfWork) -> list[tuple[Group, Programme | None]]:
    """Every group with its programme (None outside one), by id: read once per unit of work, so the planners of a
    tick share one read, and later `session.get` of a group or programme in it finds them loaded. For units of
    work that read groups, not for one that adds or deletes them."""
    found: list[tuple[Group, Programme | None]] | None = uow.session.info.get(_GROUPS)
    if found is None:
        rows = await uow.session.exec(select(Group, Programme).outerjoin(
            Programme, col(Group.programme_id) == col(Programme.id)).order_by(col(Group.id)))
        found = uow.session.info[_GROUPS] = list(rows.all())
    return found


class _Numbered(Protocol):
    """A table whose rows are numbered per group."""

    workspace_id: int
    group_id: int
    number: int


async def next_number(uow: UnitOfWork, table: type[_Numbered], group: Group) -> int:
    """The next per-group number of a numbered table (milestones, stakeholders): the highest plus one."""
    found = await uow.session.exec(select(func.max(col(table.number))).where(
        col(table.workspace_id) == group.workspace_id, col(table.group_id) == group.id))
    return int(found.one() or 0) + 1
