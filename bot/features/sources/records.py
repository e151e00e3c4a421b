"""Reading and writing register entries, always within one group (an entry of another group is not found)."""

from __future__ import annotations

from sqlmodel import col, select

from bot.errors import InvalidInput
from bot.features.sources.tables import SourceEntry
from bot.kernel import scope as scopes
from bot.kernel.context import AppContext, Request
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Group
from bot.kernel.storage.uow import UnitOfWork


async def entries(uow: UnitOfWork, group: Group) -> list[SourceEntry]:
    found = await uow.session.exec(select(SourceEntry).where(
        SourceEntry.workspace_id == group.workspace_id, SourceEntry.group_id == group.id,
    ).order_by(col(SourceEntry.number)))
    return list(found.all())


async def by_number(uow: UnitOfWork, group: Group, number: int) -> SourceEntry:
    found = await uow.session.exec(select(SourceEntry).where(
        SourceEntry.workspace_id == group.workspace_id, SourceEntry.group_id == group.id,
        SourceEntry.number == number))
    entry = found.first()
    if entry is None:
        raise InvalidInput("sources.unknown_number", number=number)
    return entry


async def group_from_metadata(uow: UnitOfWork, req: Request, group_id: str) -> Group:
    """The group a form or button names, when it belongs to the actor's workspace."""
    group = await uow.session.get(Group, int(group_id)) if group_id.isdigit() else None
    workspace = await queries.find_workspace(uow.session, req.actor.platform, req.actor.workspace)
    if group is None or workspace is None or group.workspace_id != workspace.id:
        raise InvalidInput("sources.unknown_button")
    return group


def may_change(scope: scopes.Scope, entry: SourceEntry, user_id: str) -> bool:
    """Who added an entry, and the group's coordinators, may change or remove it."""
    return scope.is_coordinator or (entry.added_by is not None and entry.added_by == user_id)


async def scope_in(uow: UnitOfWork, ctx: AppContext, req: Request) -> scopes.Scope:
    return await scopes.resolve(uow, ctx, req.actor, req.channel)
