"""`arbeidstid` and `tidssone`: when a person may get private messages, kept on each of their memberships (or, for
a programme's lead or mentor in no group, in a row of their own)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from sqlmodel import col, select

from bot.errors import InvalidInput, NotMember
from bot.features.availability.rules import parse_hours
from bot.features.availability.tables import OwnHours
from bot.features.digest.tables import MentorGroup, ProgrammeRole
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.commands.parser import OFF_WORDS
from bot.kernel.context import AppContext, Request
from bot.kernel.rules.calendar import CalendarRules, known_zone
from bot.kernel.rules.redaction import Erasure
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Group, Member, id_of
from bot.kernel.storage.uow import UnitOfWork


@dataclass(frozen=True)
class WorkingHours:
    text: str  # "" shows the current setting; an off word goes back to the group's hours


@dataclass(frozen=True)
class TimeZone:
    text: str


Kept = Member | OwnHours


@dataclass(frozen=True)
class _Person:
    """Where a person's settings are kept: each of their memberships, or (in no group) one row of their own."""

    lang: str
    kept: tuple[Kept, ...]
    in_groups: bool


async def _person(uow: UnitOfWork, ctx: AppContext, req: Request) -> _Person:
    workspace = await queries.find_workspace(uow.session, req.actor.platform, req.actor.workspace)
    if workspace is None:
        raise NotMember("errors.not_member")
    members = list((await uow.session.exec(select(Member).where(
        Member.workspace_id == workspace.id, Member.user_id == req.actor.user,
        Member.active == True))).all())  # noqa: E712
    if members:
        return _Person(next((m.language for m in members if m.language), ctx.settings.language), tuple(members), True)
    role = (await uow.session.exec(select(ProgrammeRole).where(  # a lead gets digests by DM …
        ProgrammeRole.workspace_id == workspace.id, ProgrammeRole.user_id == req.actor.user))).first()
    mentor = None if role is not None else (await uow.session.exec(select(MentorGroup).where(  # … and a mentor
        MentorGroup.workspace_id == workspace.id, MentorGroup.user_id == req.actor.user))).first()
    found = role or mentor
    if found is None:
        raise NotMember("errors.not_member")
    own = await _own(uow, id_of(workspace), req.actor.user)
    own = own or OwnHours(workspace_id=id_of(workspace), user_id=req.actor.user, updated_at=ctx.clock.now())
    return _Person(found.language or scopes.language_of(ctx, req.actor, None, None), (own,), False)


def _current(ctx: AppContext, person: _Person) -> str:
    lang, kept = person.lang, person.kept[0]
    if kept.work_start is None or kept.work_end is None:
        default = CalendarRules()
        hours = ctx.t(lang, "availability.group_hours") if person.in_groups else ctx.t(
            lang, "availability.default_hours", start=f"{default.work_start:%H:%M}", end=f"{default.work_end:%H:%M}")
    else:
        hours = f"{kept.work_start:%H:%M}–{kept.work_end:%H:%M}"
    zone = kept.timezone or (ctx.t(lang, "availability.group_zone") if person.in_groups else ctx.settings.timezone)
    return ctx.t(lang, "availability.current", hours=hours, zone=zone)


def _keep(uow: UnitOfWork, ctx: AppContext, person: _Person) -> None:
    for kept in person.kept:
        if isinstance(kept, OwnHours):
            kept.updated_at = ctx.clock.now()
            uow.session.add(kept)


async def set_hours(cmd: WorkingHours, req: Request) -> Reply:
    """`arbeidstid 08-15`: private messages only in these hours (on the group's working days, never holidays)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        person = await _person(uow, ctx, req)
        if not cmd.text.strip():
            return Reply(Message(_current(ctx, person)))
        hours: tuple[time | None, time | None] = (None, None)
        if cmd.text.strip().lower() not in OFF_WORDS:
            hours = parse_hours(cmd.text)
        for kept in person.kept:
            kept.work_start, kept.work_end = hours
        _keep(uow, ctx, person)
        await uow.commit()
        return Reply(Message(ctx.t(person.lang, "availability.hours_set") + " " + _current(ctx, person)))


async def set_zone(cmd: TimeZone, req: Request) -> Reply:
    """`tidssone Europe/Oslo`: working hours are read in this zone (an IANA name)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        person = await _person(uow, ctx, req)
        typed = cmd.text.strip()
        if not typed:
            return Reply(Message(_current(ctx, person)))
        zone: str | None = None
        if typed.lower() not in OFF_WORDS:
            try:
                zone = known_zone(typed)
            except ValueError:
                raise InvalidInput("availability.unknown_zone", value=typed[:64]) from None
        for kept in person.kept:
            kept.timezone = zone
        _keep(uow, ctx, person)
        await uow.commit()
        return Reply(Message(ctx.t(person.lang, "availability.zone_set") + " " + _current(ctx, person)))


def _clock(moment: time | None) -> str | None:
    return moment.strftime("%H:%M") if moment else None


async def export_settings(uow: UnitOfWork, workspace_id: int, user_id: str) -> dict[str, object]:
    """For `mine-data`: the person's own hours and time zone in each group (null: the group's are used)."""
    found = await uow.session.exec(select(Member, Group).join(Group, col(Member.group_id) == col(Group.id)).where(
        Member.workspace_id == workspace_id, Member.user_id == user_id).order_by(col(Member.id)))
    export: dict[str, object] = {"per_group": [{
        "group": group.municipality, "work_start": _clock(member.work_start), "work_end": _clock(member.work_end),
        "timezone": member.timezone} for member, group in found.all()]}
    own = await _own(uow, workspace_id, user_id)
    if own is not None:
        export["outside_groups"] = {"work_start": _clock(own.work_start), "work_end": _clock(own.work_end),
                                    "timezone": own.timezone}
    return export


async def _own(uow: UnitOfWork, workspace_id: int, user_id: str) -> OwnHours | None:
    return (await uow.session.exec(select(OwnHours).where(
        OwnHours.workspace_id == workspace_id, OwnHours.user_id == user_id))).first()


async def own_hours(uow: UnitOfWork, workspace_id: int, user_id: str
                    ) -> tuple[time | None, time | None, str | None] | None:
    """The hours and zone someone in no group set (for a lead's or mentor's digest), or None."""
    own = await _own(uow, workspace_id, user_id)
    return None if own is None else (own.work_start, own.work_end, own.timezone)


async def erase_own_hours(uow: UnitOfWork, erasure: Erasure) -> None:
    """`slett-mine-data`: the settings of someone in no group go with them."""
    own = await _own(uow, erasure.workspace_id, erasure.user_id)
    if own is not None:
        await uow.session.delete(own)
