"""The audit log of coordinator and lead actions: recorded after each command, shown by `/samskaping logg`."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import col, select

from bot.features.audit.commands import AuditLog
from bot.features.audit.tables import AuditEntry
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.context import AppContext, Request
from bot.kernel.rules.people import Role
from bot.kernel.rules.redaction import Erasure
from bot.kernel.storage.uow import UnitOfWork

_STAFF = {Role.COORDINATOR.value, Role.LEAD.value, Role.MENTOR.value}
_DETAIL_MAX = 300
#: a person's own business, not a coordinator action — and `refleksjon` carries a reflection's text
PERSONAL = frozenset({"refleksjon", "mine-data", "slett-mine-data", "pause-meg", "varsler", "bli-med", "sektor",
                      "status", "hjelp"})


def describe(command: object) -> str:
    """The command's arguments as short `name=value` pairs (free text cut short)."""
    if not dataclasses.is_dataclass(command):
        return ""
    parts = [f"{f.name}={getattr(command, f.name)!s:.60}" for f in dataclasses.fields(command)
             if getattr(command, f.name) not in (None, "", ())]
    return ", ".join(parts)[:_DETAIL_MAX]


async def record(uow: UnitOfWork, *, req: Request, name: str, command: object) -> None:
    """Log the command, in the transaction of its change, when a coordinator, lead or mentor of the group ran it."""
    if name in PERSONAL:
        return
    ctx, actor = req.ctx, req.actor
    scope = await scopes.resolve(uow, ctx, actor, req.channel)
    if scope.member is None or scope.member.role not in _STAFF:
        return
    uow.session.add(AuditEntry(
        workspace_id=scope.workspace_id, group_id=scope.group.id if scope.group else None,
        actor_user_id=actor.user, actor_name=actor.name or scope.member.display_name,
        actor_role=scope.member.role, action=name, detail=describe(command), at=ctx.clock.now()))


async def erase_actor(uow: UnitOfWork, erasure: Erasure) -> None:
    """A person who erased their data: their entries stay as anonymous actions, and the erasure is logged too."""
    await uow.session.exec(update(AuditEntry).where(
        col(AuditEntry.workspace_id) == erasure.workspace_id, col(AuditEntry.actor_user_id) == erasure.user_id)
        .values(actor_user_id="", actor_name=""))
    uow.session.add(AuditEntry(workspace_id=erasure.workspace_id, actor_user_id="", actor_role="member",
                               action="slett-mine-data", at=erasure.at))


def _line(entry: AuditEntry, tz: str) -> str:
    when = entry.at.astimezone(ZoneInfo(tz))
    detail = f" ({entry.detail})" if entry.detail else ""
    return f"{when:%d.%m %H:%M} {entry.actor_name or entry.actor_user_id}: {entry.action}{detail}"


async def show_log(cmd: AuditLog, req: Request) -> Reply:
    """The group's latest audit entries, for its coordinators."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group = scopes.coordinators_group(scope)
        entries = (await uow.session.exec(select(AuditEntry).where(
            AuditEntry.workspace_id == group.workspace_id, AuditEntry.group_id == group.id)
            .order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc()).limit(cmd.count))).all()
    lines = [_line(e, group.timezone) for e in entries] or [ctx.t(scope.lang, "audit.empty")]
    return Reply(Message("\n".join(lines), title=ctx.t(scope.lang, "audit.title", municipality=group.municipality)))


async def export_entries(ctx: AppContext, *, since: datetime | None = None) -> list[AuditEntry]:
    """Every entry (for `samskaping audit`), oldest first."""
    async with ctx.uow() as uow:
        query = select(AuditEntry).order_by(col(AuditEntry.at), col(AuditEntry.id))
        if since is not None:
            query = query.where(AuditEntry.at >= since)
        return list((await uow.session.exec(query)).all())
