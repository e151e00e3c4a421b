"""Setting up a group in a channel, joining it, and members' own settings."""

from __future__ import annotations

from bot.errors import InvalidInput, NotAllowed, NotMember, UsageError
from bot.features.groups.commands import Join, SetLanguage, SetRole, SetSector, SetUp
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Button, Message, Reply
from bot.kernel.commands.registry import Pressed
from bot.kernel.context import AppContext, Request
from bot.kernel.rules.people import Role, Sector, parse_sector
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Group, Member, id_of
from bot.kernel.storage.uow import UnitOfWork

#: button ids: a sector button (welcome, bli-med) and a language button (the person's own page)
SET_SECTOR, SET_LANGUAGE = "set_sector", "set_language"


def sector_label(ctx: AppContext, lang: str, sector: str | None) -> str:
    return ctx.t(lang, f"sectors.{sector or 'unknown'}")


def sector_buttons(ctx: AppContext, lang: str) -> tuple[Button, ...]:
    """One button per sector; pressing it sets the member's sector."""
    return tuple(Button(sector_label(ctx, lang, s.value), SET_SECTOR, s.value) for s in Sector)


async def set_up_group(cmd: SetUp, req: Request) -> Reply:
    """Bind the channel to a new group for a municipality; the caller becomes its coordinator."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        if scope.group is not None:
            raise InvalidInput("groups.already_set_up", municipality=scope.group.municipality)
        now = ctx.clock.now()
        group = Group(
            workspace_id=scope.workspace_id, municipality=cmd.municipality, channel_id=req.channel or "",
            language=ctx.settings.language, timezone=ctx.settings.timezone, created_at=now,
        )
        uow.session.add(group)
        await uow.flush()
        uow.session.add(Member(
            workspace_id=scope.workspace_id, group_id=id_of(group), user_id=req.actor.user,
            display_name=req.actor.name, role=Role.COORDINATOR.value, joined_at=now,
        ))
        await uow.commit()
        lang = group.language
    text = ctx.t(lang, "groups.set_up", municipality=cmd.municipality, name=req.actor.name or req.actor.user)
    return Reply(Message(text, buttons=sector_buttons(ctx, lang)), visibility="channel")


async def join_group(cmd: Join, req: Request) -> Reply:
    """Join the channel's group (with a sector, or get buttons to choose one)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group = scopes.require_group(scope)
        member = scope.member
        if member is None:
            member = Member(
                workspace_id=group.workspace_id, group_id=id_of(group), user_id=req.actor.user,
                display_name=req.actor.name, joined_at=ctx.clock.now(),
            )
            uow.session.add(member)
        if cmd.sector is not None:
            member.sector = cmd.sector.value
        await uow.commit()
        lang = scopes.language_of(ctx, req.actor, group, member)
    if member.sector is None:
        return Reply(Message(ctx.t(lang, "groups.choose_sector", municipality=group.municipality),
                             buttons=sector_buttons(ctx, lang)))
    return Reply(Message(ctx.t(lang, "groups.joined", municipality=group.municipality,
                               sector=sector_label(ctx, lang, member.sector))))


async def set_sector(cmd: SetSector, req: Request) -> Reply:
    """Set one's sector; joins the group if needed (the welcome buttons call this)."""
    return await join_group(Join(cmd.sector), req)


async def _is_last_coordinator(uow: UnitOfWork, group: Group) -> bool:
    everyone = await queries.members(uow.session, group)
    return sum(m.role == Role.COORDINATOR.value for m in everyone) <= 1


async def set_language(cmd: SetLanguage, req: Request) -> Reply:
    """Choose one's interface language (nb, nn, en), or, for coordinators, the group's."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        member = scopes.require_coordinator(scope) if cmd.for_group else scopes.require_member(scope)
        if cmd.for_group:
            scopes.require_group(scope).language = cmd.language
        else:
            member.language = cmd.language
        await uow.commit()
    if cmd.for_group:
        return Reply(Message(ctx.t(cmd.language, "groups.group_language_set")), visibility="channel")
    return Reply(Message(ctx.t(cmd.language, "groups.language_set")))


async def set_role(cmd: SetRole, req: Request) -> Reply:
    """A coordinator makes another member a coordinator or a participant (never a lead or a mentor: `fadder`)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        me = scopes.require_coordinator(scope)
        group = scopes.require_group(scope)
        if cmd.role == Role.LEAD:  # programme-wide: appointed by the programme's owners only
            raise NotAllowed("groups.programme_roles_by_owners")
        if cmd.role == Role.MENTOR:  # follows chosen groups: appointed by the programme's owners and leads
            raise NotAllowed("groups.mentor_by_owners")
        target = await queries.member_of(uow.session, group, cmd.user_id)
        if target is None:
            raise NotMember("groups.target_not_member", user=cmd.user_id)
        if target.id == me.id and cmd.role != Role.COORDINATOR:
            if await _is_last_coordinator(uow, group):
                raise InvalidInput("groups.last_coordinator")
        target.role = cmd.role.value
        await uow.commit()
    role = ctx.t(scope.lang, f"roles.{cmd.role.value}")
    return Reply(Message(ctx.t(scope.lang, "groups.role_set", user=target.display_name or cmd.user_id, role=role)))


async def set_sector_button(button: Pressed, req: Request) -> Reply:
    sector = parse_sector(button.value)
    if sector is None:
        raise UsageError("commands.bad_sector", typed=button.value)
    return await set_sector(SetSector(sector), req)


async def choose_language_button(button: Pressed, req: Request) -> Reply:
    if button.value not in ("nb", "nn", "en"):
        raise UsageError("commands.usage.språk")
    return await set_language(SetLanguage(button.value), req)
