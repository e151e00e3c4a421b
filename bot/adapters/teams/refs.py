"""Conversation references per tenant: refreshed from every inbound activity, read for proactive sends."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import UpdateBase
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.adapters.teams.activity import Where
from bot.kernel.context import AppContext
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Workspace
from bot.kernel.storage.tables_teams import TeamsConversation, TeamsUser

PLATFORM = "teams"


_UpsertShape = tuple[str, type, tuple[str, ...], tuple[str, ...], tuple[str, ...]]
_upserts: dict[_UpsertShape, UpdateBase] = {}


async def _upsert(session: AsyncSession, table: type, values: dict[str, Any], keys: list[str],
                  keep_if_null: tuple[str, ...] = ()) -> None:
    """Insert or update one row by its unique key (safe when two replicas see the same activity). Every inbound
    activity refreshes two rows, so each statement is built once per shape and run with the values as
    parameters."""
    dialect = session.get_bind().dialect.name
    shape = (dialect, table, tuple(values), tuple(keys), keep_if_null)
    if shape not in _upserts:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(table)
        changes = {name: (func.coalesce(statement.excluded[name], getattr(table, name)) if name in keep_if_null
                          else statement.excluded[name]) for name in values if name not in keys}
        _upserts[shape] = statement.on_conflict_do_update(index_elements=keys, set_=changes)
    await session.exec(_upserts[shape], params=values)


class ConversationStore:
    """Reads and writes the Teams reference tables inside short transactions."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    async def _workspace(self, session: AsyncSession, tenant: str) -> Workspace:
        return await queries.workspace_for(session, PLATFORM, tenant, now=self.ctx.clock.now())

    async def observe(self, where: Where) -> None:
        """Refresh the service URL, the conversation and the sender's references from an inbound activity."""
        now = self.ctx.clock.now()
        async with self.ctx.uow() as uow:
            workspace = await self._workspace(uow.session, where.tenant)
            await _upsert(uow.session, TeamsConversation, {
                "workspace_id": workspace.id, "conversation_id": where.base, "kind": where.kind,
                "team_id": where.team, "service_url": where.service_url, "unreachable": False,
                "unreachable_reason": None, "updated_at": now}, ["workspace_id", "conversation_id"])
            await _upsert(uow.session, TeamsUser, {
                "workspace_id": workspace.id, "user_id": where.user, "service_url": where.service_url,
                "personal_conversation_id": where.base if where.is_personal else None,
                "home_channel": None if where.is_personal else where.channel,
                "unreachable": False, "updated_at": now,
            }, ["workspace_id", "user_id"], keep_if_null=("personal_conversation_id", "home_channel"))
            await uow.commit()

    async def conversation(self, tenant: str, conversation_id: str) -> TeamsConversation | None:
        async with self.ctx.uow() as uow:
            found = await uow.session.exec(select(TeamsConversation).join(Workspace).where(
                Workspace.platform == PLATFORM, Workspace.external_id == tenant,
                TeamsConversation.conversation_id == conversation_id))
            return found.first()

    async def user(self, tenant: str, user_id: str) -> TeamsUser | None:
        async with self.ctx.uow() as uow:
            found = await uow.session.exec(select(TeamsUser).join(Workspace).where(
                Workspace.platform == PLATFORM, Workspace.external_id == tenant, TeamsUser.user_id == user_id))
            return found.first()

    async def personal_chats(self, tenant: str) -> dict[str, tuple[str, str]]:
        """User id → (1:1 conversation id, service URL) for every reachable member with a known 1:1 chat."""
        async with self.ctx.uow() as uow:
            found = await uow.session.exec(
                select(TeamsUser.user_id, TeamsUser.personal_conversation_id, TeamsUser.service_url).join(Workspace)
                .where(Workspace.platform == PLATFORM, Workspace.external_id == tenant,
                       col(TeamsUser.personal_conversation_id).is_not(None),
                       TeamsUser.unreachable == False))  # noqa: E712 - SQL comparison
            return {user: (conversation, url) for user, conversation, url in found.all() if conversation and url}

    async def latest_service_url(self, tenant: str) -> str | None:
        """The service URL the tenant's last activity came from (conversations of one tenant share it)."""
        async with self.ctx.uow() as uow:
            found = await uow.session.exec(
                select(TeamsConversation.service_url).join(Workspace)
                .where(Workspace.platform == PLATFORM, Workspace.external_id == tenant)
                .order_by(col(TeamsConversation.updated_at).desc()).limit(1))
            return found.first()

    async def team_channels(self, tenant: str, team: str) -> list[str]:
        """The channels of a team the bot has seen (a member joining a team may join a group there)."""
        async with self.ctx.uow() as uow:
            found = await uow.session.exec(select(TeamsConversation.conversation_id).join(Workspace).where(
                Workspace.platform == PLATFORM, Workspace.external_id == tenant, TeamsConversation.team_id == team,
                TeamsConversation.kind == "channel"))
            return list(found.all())

    async def save_personal(self, tenant: str, user_id: str, conversation_id: str, service_url: str) -> None:
        """Remember a 1:1 conversation the bot created, for later hints and reminders."""
        now = self.ctx.clock.now()
        async with self.ctx.uow() as uow:
            workspace = await self._workspace(uow.session, tenant)
            await _upsert(uow.session, TeamsUser, {
                "workspace_id": workspace.id, "user_id": user_id, "personal_conversation_id": conversation_id,
                "service_url": service_url, "home_channel": None, "unreachable": False, "updated_at": now,
            }, ["workspace_id", "user_id"], keep_if_null=("home_channel",))
            await uow.commit()

    async def mark_unreachable(self, tenant: str, *, conversation_id: str | None = None, user_id: str | None = None,
                               reason: str) -> None:
        """A 403/404 (uninstalled, removed, blocked): stop sending there until we hear from it again."""
        async with self.ctx.uow() as uow:
            workspace = await queries.find_workspace(uow.session, PLATFORM, tenant)
            if workspace is None:
                return
            if conversation_id is not None:
                await uow.session.exec(update(TeamsConversation).where(
                    col(TeamsConversation.workspace_id) == workspace.id,
                    col(TeamsConversation.conversation_id) == conversation_id,
                ).values(unreachable=True, unreachable_reason=reason[:64]))
            if user_id is not None:
                await uow.session.exec(update(TeamsUser).where(
                    col(TeamsUser.workspace_id) == workspace.id, col(TeamsUser.user_id) == user_id,
                ).values(unreachable=True))
            await uow.commit()

    async def set_installed(self, where: Where, installed: bool) -> None:
        """installationUpdate: add sets the workspace up; remove marks the team's conversations unreachable,
        and the workspace inactive once no team or chat in the tenant has the bot any more."""
        async with self.ctx.uow() as uow:
            workspace = await self._workspace(uow.session, where.tenant)
            scope = (col(TeamsConversation.team_id) == where.team if where.team
                     else col(TeamsConversation.conversation_id) == where.base)
            await uow.session.exec(update(TeamsConversation).where(
                col(TeamsConversation.workspace_id) == workspace.id, scope,
            ).values(unreachable=not installed, unreachable_reason=None if installed else "uninstalled"))
            remaining = await uow.session.exec(select(func.count()).select_from(TeamsConversation).where(
                TeamsConversation.workspace_id == workspace.id, TeamsConversation.kind != "personal",
                TeamsConversation.unreachable == False))  # noqa: E712 - SQL comparison
            workspace.active = installed or remaining.one() > 0
            uow.session.add(workspace)
            await uow.commit()


class PersonalChats:
    """A tenant's known, reachable 1:1 chats, read in one query and kept `ttl` seconds: a fan-out to thousands of
    members reads them once, not once per message. A chat another replica found unreachable meanwhile answers
    403 or 404, and is then forgotten here as well (the send fails visibly, as it would have)."""

    def __init__(self, store: ConversationStore, *, ttl: float = 300.0,
                 now: Callable[[], float] = time.monotonic) -> None:
        self._store = store
        self._ttl = ttl
        self._now = now
        self._tenants: dict[str, tuple[float, dict[str, tuple[str, str]]]] = {}

    async def get(self, tenant: str, user: str) -> tuple[str, str] | None:
        """(conversation id, service URL) of the member's 1:1 chat, or None when none is known to work."""
        loaded = self._tenants.get(tenant)
        if loaded is None or self._now() - loaded[0] > self._ttl:
            loaded = (self._now(), await self._store.personal_chats(tenant))
            self._tenants[tenant] = loaded
        return loaded[1].get(user)

    def remember(self, tenant: str, user: str, conversation: str, service_url: str) -> None:
        if tenant in self._tenants:
            self._tenants[tenant][1][user] = (conversation, service_url)

    def forget(self, tenant: str, user: str) -> None:
        if tenant in self._tenants:
            self._tenants[tenant][1].pop(user, None)
