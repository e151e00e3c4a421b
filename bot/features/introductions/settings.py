"""`/samskaping intro`: coordinators turn introductions on with a rhythm or stop them; anyone opts out or in."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import col

from bot.errors import InvalidInput
from bot.features.introductions import records, twins
from bot.features.introductions.answers import MIN_SHOWN, met_share
from bot.features.introductions.commands import IntroOn, IntroOptIn, IntroOptOut, IntroStatus, IntroStop
from bot.features.introductions.rules import RHYTHM_DAYS, Rhythm, parse_rhythm
from bot.features.introductions.tables import IntroOptOut as OptOutRow
from bot.features.introductions.tables import IntroSetting
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.context import AppContext, Request
from bot.kernel.rules.dates import format_date, local_today
from bot.kernel.storage.tables import Group, id_of
from bot.kernel.storage.uow import UnitOfWork


def rhythm_text(ctx: AppContext, lang: str, rhythm: str) -> str:
    return ctx.t(lang, f"introductions.rhythm.{rhythm}")


async def turn_on(cmd: IntroOn, req: Request) -> Reply:
    """`intro på [hver uke | annenhver uke | hver måned]` (coordinators): rounds start at the next working hour."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group = scopes.coordinators_group(scope)
        rhythm = parse_rhythm(cmd.rhythm)
        if rhythm is None:
            raise InvalidInput("introductions.bad_rhythm", typed=cmd.rhythm)
        setting = await records.setting_of(uow, group)
        now = ctx.clock.now()
        if setting is None:
            setting = IntroSetting(workspace_id=group.workspace_id, group_id=id_of(group), rhythm=rhythm.value,
                                   changed_at=now)
        setting.rhythm, setting.active, setting.changed_at = rhythm.value, True, now
        uow.session.add(setting)
        eligible = len(await records.eligible(uow, group, local_today(now, group.timezone)))
        await uow.commit()
    lang = scope.lang
    text = ctx.t(lang, "introductions.on", rhythm=rhythm_text(ctx, lang, rhythm.value))
    if eligible < 2:
        text += "\n\n" + ctx.t(lang, "introductions.too_few", count=eligible)
    return Reply(Message(text), visibility="channel")


async def stop(cmd: IntroStop, req: Request) -> Reply:
    """`intro stopp` (coordinators): no more rounds; answers to earlier ones still count."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group = scopes.coordinators_group(scope)
        setting = await records.setting_of(uow, group)
        if setting is not None:
            setting.active, setting.changed_at = False, ctx.clock.now()
            await uow.commit()
    return Reply(Message(ctx.t(scope.lang, "introductions.stopped")), visibility="channel")


async def opt_out(cmd: IntroOptOut, req: Request) -> Reply:
    """`intro av`: I am left out of the introductions in this group (nothing else changes)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        member = scopes.require_member(scope)
        group = scopes.members_group(scope)
        if id_of(member) not in await records.opted_out(uow, group):
            uow.session.add(OptOutRow(workspace_id=group.workspace_id, group_id=id_of(group), member_id=id_of(member),
                                      created_at=ctx.clock.now()))
            await uow.commit()
            return Reply(Message(ctx.t(scope.lang, "introductions.opted_out")))
    return Reply(Message(ctx.t(scope.lang, "introductions.already_out")))


async def opt_in(cmd: IntroOptIn, req: Request) -> Reply:
    """`intro igjen`: I take part in the introductions again."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        member = scopes.require_member(scope)
        await uow.session.exec(delete(OptOutRow).where(col(OptOutRow.member_id) == member.id))
        await uow.commit()
    return Reply(Message(ctx.t(scope.lang, "introductions.opted_in")))


async def status(cmd: IntroStatus, req: Request) -> Reply:
    """`intro status`: on or off, the rhythm and next round, rounds so far, the share that met, and oneself."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        member = scopes.require_member(scope)
        group = scopes.members_group(scope)
        text = await _status_text(uow, ctx, scope.lang, group, id_of(member))
    return Reply(Message(text, title=ctx.t(scope.lang, "introductions.status_title",
                                           municipality=group.municipality)))


async def _status_text(uow: UnitOfWork, ctx: AppContext, lang: str, group: Group, member_id: int) -> str:
    setting = await records.setting_of(uow, group)
    if setting is None or not setting.active:
        lines = [ctx.t(lang, "introductions.status_off")]
    else:
        last = await records.last_round(uow, group)
        due = records.next_round_at(setting, last, RHYTHM_DAYS[Rhythm(setting.rhythm)])
        due_day = max(local_today(due, group.timezone), local_today(ctx.clock.now(), group.timezone))
        lines = [ctx.t(lang, "introductions.status_on", rhythm=rhythm_text(ctx, lang, setting.rhythm),
                       date=format_date(due_day, lang))]
    partner = await twins.partner_of(uow, group)
    if partner is not None:
        lines.append(ctx.t(lang, "introductions.status_across", other=partner.municipality))
    rounds = await records.round_count(uow, group)
    shares = (await met_share(uow.session, [id_of(group)])).get(id_of(group))
    lines.append(ctx.t(lang, "introductions.status_rounds", count=rounds))
    if shares is not None and shares[1] >= MIN_SHOWN:
        lines.append(ctx.t(lang, "introductions.status_met", met=shares[0], count=shares[1]))
    elif shares is not None and shares[1]:
        lines.append(ctx.t(lang, "introductions.status_met_hidden", count=shares[1], min=MIN_SHOWN))
    out = member_id in await records.opted_out(uow, group)
    lines.append(ctx.t(lang, "introductions.status_you_out" if out else "introductions.status_you_in"))
    return "\n".join(lines)
