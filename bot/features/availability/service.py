"""`arbeidstid` and `tidssone`: when a person may get private messages, kept on each of their memberships."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from sqlmodel import col, select

from bot.errors import InvalidInput, NotMember
from bot.features.availability.rules import parse_hours
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.commands.parser import OFF_WORDS
from bot.kernel.context import AppContext, Request
from bot.kernel.rules.calendar import known_zone
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Group, Member
from bot.kernel.storage.uow import UnitOfWork


@dataclass(frozen=True)
class WorkingHours:
    text: str  # "" shows the current setting; an off word goes back to the group's hours


@dataclass(frozen=True)
class TimeZone:
    text: str


async def _memberships(uow: UnitOfWork, ctx: AppContext, req: Request) -> list[Member]:
    workspace = await queries.find_workspace(uow.session, req.actor.platform, req.actor.workspace)
    found = [] if workspace is None else (await uow.session.exec(select(Member).where(
        Member.workspace_id == workspace.id, Member.user_id == req.actor.user,
        Member.active == True))).all()  # noqa: E712
    if not found:
        raise NotMember("errors.not_member")
    return list(found)


def _lang(ctx: AppContext, members: list[Member]) -> str:
    return next((m.language for m in members if m.language), ctx.settings.language)


def _current(ctx: AppContext, lang: str, member: Member) -> str:
    if member.work_start is None or member.work_end is None:
        hours = ctx.t(lang, "availability.group_hours")
    else:
        hours = f"{member.work_start:%H:%M}–{member.work_end:%H:%M}"
    zone = member.timezone or ctx.t(lang, "availability.group_zone")
    return ctx.t(lang, "availability.current", hours=hours, zone=zone)


async def set_hours(cmd: WorkingHours, req: Request) -> Reply:
    """`arbeidstid 08-15`: private messages only in these hours (on the group's working days, never holidays)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        members = await _memberships(uow, ctx, req)
        lang = _lang(ctx, members)
        if not cmd.text.strip():
            return Reply(Message(_current(ctx, lang, members[0])))
        hours: tuple[time | None, time | None] = (None, None)
        if cmd.text.strip().lower() not in OFF_WORDS:
            hours = parse_hours(cmd.text)
        for member in members:
            member.work_start, member.work_end = hours
        await uow.commit()
        return Reply(Message(ctx.t(lang, "availability.hours_set") + " " + _current(ctx, lang, members[0])))


async def set_zone(cmd: TimeZone, req: Request) -> Reply:
    """`tidssone Europe/Oslo`: working hours are read in this zone (an IANA name)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        members = await _memberships(uow, ctx, req)
        lang = _lang(ctx, members)
        typed = cmd.text.strip()
        if not typed:
            return Reply(Message(_current(ctx, lang, members[0])))
        zone: str | None = None
        if typed.lower() not in OFF_WORDS:
            try:
                zone = known_zone(typed)
            except ValueError:
                raise InvalidInput("availability.unknown_zone", value=typed[:64]) from None
        for member in members:
            member.timezone = zone
        await uow.commit()
        return Reply(Message(ctx.t(lang, "availability.zone_set") + " " + _current(ctx, lang, members[0])))


async def export_settings(uow: UnitOfWork, workspace_id: int, user_id: str) -> dict[str, object]:
    """For `mine-data`: the person's own hours and time zone in each group (null: the group's are used)."""
    found = await uow.session.exec(select(Member, Group).join(Group, col(Member.group_id) == col(Group.id)).where(
        Member.workspace_id == workspace_id, Member.user_id == user_id).order_by(col(Member.id)))
    return {"per_group": [{
        "group": group.municipality,
        "work_start": member.work_start.strftime("%H:%M") if member.work_start else None,
        "work_end": member.work_end.strftime("%H:%M") if member.work_end else None,
        "timezone": member.timezone,
    } for member, group in found.all()]}
