"""The audit log of coordinator and lead actions: recorded after each command, shown by `/samskaping logg`."""

from __future__ import annotations

import dataclasses
import re
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
                      "status", "hjelp", "sitat", "forskning", "språk", "språkhint"})
#: programme-level commands: they succeed only for a programme's owners and leads, who need not be in the group
PROGRAMME_LEVEL = frozenset({"sammendrag", "prosjektleder"})
#: commands that only show something, logged all the same: digests, and the answers people wrote
LOGGED_READS = frozenset({"sammendrag", "svarene"})
#: where a command's target is found, in this order: (field, how it is shown)
_TARGETS = (("user_id", "user {}"), ("number", "#{}"), ("id", "#{}"), ("prompt_id", "prompt {}"),
            ("programme", "programme {}"), ("week", "week {}"), ("until", "until {}"), ("start", "from {}"))
OPERATOR = "operator"


def verb_of(command: object) -> str:
    """What the command does, from its type: `MilestoneDone` → `milestone-done`, `SetRole` → `set-role`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", type(command).__name__).lower()[:40]


def target_of(command: object) -> str:
    """What the command acts on (a person, a numbered item, a prompt, a programme), or ""."""
    for name, shown in _TARGETS:
        value = getattr(command, name, None)
        if value not in (None, ""):
            return shown.format(value)[:120]
    return ""


def describe(command: object) -> str:
    """The command's arguments as short `name=value` pairs (free text cut short)."""
    if not dataclasses.is_dataclass(command):
        return ""
    parts = [f"{f.name}={getattr(command, f.name)!s:.60}" for f in dataclasses.fields(command)
             if getattr(command, f.name) not in (None, "", ())]
    return ", ".join(parts)[:_DETAIL_MAX]


async def record(uow: UnitOfWork, *, req: Request, name: str, command: object, read: bool = False) -> None:
    """Log the command, in the transaction of its change, when a coordinator, lead or mentor of the group (or a
    programme's owner or lead) ran it; of commands that only read, the digest and the answers are logged."""
    if name in PERSONAL or (read and name not in LOGGED_READS):
        return
    ctx, actor = req.ctx, req.actor
    scope = await scopes.resolve(uow, ctx, actor, req.channel)
    staff = scope.member is not None and scope.member.role in _STAFF
    if not (staff or name in PROGRAMME_LEVEL):
        return
    uow.session.add(AuditEntry(
        workspace_id=scope.workspace_id, group_id=scope.group.id if scope.group and staff else None,
        actor_user_id=actor.user, actor_name=actor.name or (scope.member.display_name if scope.member else ""),
        actor_role=scope.member.role if staff and scope.member else "programme", action=name,
        verb=verb_of(command), target=target_of(command), detail=describe(command), at=ctx.clock.now()))


async def record_operator(uow: UnitOfWork, *, workspace_id: int, action: str, verb: str, target: str,
                          at: datetime, detail: str = "") -> None:
    """Log what the operator did from the command line (owners set, exports taken), in the change's transaction."""
    uow.session.add(AuditEntry(workspace_id=workspace_id, actor_user_id=OPERATOR, actor_role=OPERATOR,
                               action=action, verb=verb, target=target[:120], detail=detail[:_DETAIL_MAX], at=at))


async def erase_actor(uow: UnitOfWork, erasure: Erasure) -> None:
    """A person who erased their data: their entries stay as anonymous actions, and the erasure is logged too."""
    await uow.session.exec(update(AuditEntry).where(
        col(AuditEntry.workspace_id) == erasure.workspace_id, col(AuditEntry.actor_user_id) == erasure.user_id)
        .values(actor_user_id="", actor_name=""))
    uow.session.add(AuditEntry(workspace_id=erasure.workspace_id, actor_user_id="", actor_role="member",
                               action="slett-mine-data", verb="erase", at=erasure.at))


def _line(entry: AuditEntry, tz: str) -> str:
    when = entry.at.astimezone(ZoneInfo(tz))
    what = " ".join(part for part in (entry.action, entry.verb and f"[{entry.verb}]", entry.target) if part)
    detail = f" ({entry.detail})" if entry.detail else ""
    return f"{when:%d.%m %H:%M} {entry.actor_name or entry.actor_user_id or '–'}: {what}{detail}"


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
