"""Digest commands: `sammendrag` (preview), `sitat ja|nei` (quote consent) and `prosjektleder` (register a lead)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import col, select

from bot.errors import InvalidInput, NotAllowed
from bot.features.digest import mentors, owners
from bot.features.digest import service as digests
from bot.features.digest.commands import DigestPreview, QuoteConsent, RegisterLead
from bot.features.digest.format import Formatter
from bot.features.digest.messages import group_message, programme_message
from bot.features.digest.report import tokens as report_tokens
from bot.features.digest.tables import ProgrammeRole
from bot.features.prompts.tables import Reflection
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.context import AppContext, Request
from bot.kernel.rules.people import Role
from bot.kernel.rules.weeks import IsoWeek, parse_week, week_of
from bot.kernel.rules.when import format_moment
from bot.kernel.storage.tables import Programme, id_of
from bot.kernel.storage.uow import UnitOfWork
from bot.settings import Settings


def report_url(settings: Settings, programme: Programme, week: IsoWeek, now: datetime) -> str | None:
    """A signed, expiring link to the HTML report, or None when no REPORT_SECRET_KEY is set."""
    if not settings.report_secret_key:
        return None
    expires = now + timedelta(days=settings.report_link_days)
    token = report_tokens.sign(settings.report_secret_key, id_of(programme), str(week), expires)
    return f"{settings.public_base_url.rstrip('/')}/reports/{programme.id}/{week}?token={token}"


def chosen_week(ctx: AppContext, typed: str | None) -> IsoWeek:
    """The week the user asked for; this week when none was given."""
    today = week_of(ctx.clock.now(), ctx.settings.timezone)
    if not typed:
        return today
    week = parse_week(typed, today=today)
    if week is None:
        raise InvalidInput("digest.bad_week", typed=typed)
    return week


async def roles_of(uow: UnitOfWork, workspace_id: int, user_id: str) -> list[ProgrammeRole]:
    """The person's whole-programme roles (owner, lead); a mentor follows chosen groups (see `mentors`)."""
    found = await uow.session.exec(select(ProgrammeRole).where(
        ProgrammeRole.workspace_id == workspace_id, ProgrammeRole.user_id == user_id,
        col(ProgrammeRole.role).in_(mentors.APPOINTING)).order_by(col(ProgrammeRole.id)))
    return list(found.all())


async def _followed_programme(uow: UnitOfWork, roles: list[ProgrammeRole], cmd: DigestPreview,
                              channel_programme: int | None) -> Programme:
    """The programme a lead asked about: named, the channel's, or their only one."""
    programmes = [await uow.session.get(Programme, r.programme_id) for r in roles]
    known = [p for p in programmes if p is not None]
    if cmd.programme:
        match = [p for p in known if cmd.programme in (p.slug, str(p.id))]
    else:
        match = [p for p in known if p.id == channel_programme] or (known if len(known) == 1 else [])
    if len(match) != 1:
        slugs = ", ".join(p.slug for p in known)
        raise InvalidInput("digest.choose_programme", known=slugs, example=known[0].slug if known else "")
    return match[0]


async def preview_digest(cmd: DigestPreview, req: Request) -> Reply:
    """Leads see their programme's digest; coordinators their own group's summary (never people)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        week = chosen_week(ctx, cmd.week)
        roles = await roles_of(uow, scope.workspace_id, req.actor.user)
        size = ctx.settings.digest_min_group_size
        coordinates = scope.member is not None and scope.member.role == Role.COORDINATOR.value
        if roles and (cmd.programme or not coordinates):
            group_programme = scope.group.programme_id if scope.group else None
            programme = await _followed_programme(uow, roles, cmd, group_programme)
            digest = await digests.programme_digest(uow.session, ctx, programme, week)
            fmt = Formatter(ctx.texts, scope.lang if scope.member else roles[0].language, ctx.settings.timezone)
            url = report_url(ctx.settings, programme, week, ctx.clock.now())
            return Reply(programme_message(digest, fmt, min_group_size=size, report_url=url))
        if coordinates and scope.group is not None:
            digest = await digests.group_digest(uow.session, ctx, scope.group, week)
            fmt = Formatter(ctx.texts, scope.lang, scope.group.timezone)
            return Reply(group_message(digest, fmt, min_group_size=size))
        followed = await mentors.followed(uow.session, scope.workspace_id, req.actor.user)
        if followed:  # a mentor: the groups they follow, never the whole programme
            digest = await digests.mentor_digest(uow.session, ctx, [g for _, g in followed], week)
            fmt = Formatter(ctx.texts, scope.lang if scope.member else followed[0][0].language, ctx.settings.timezone)
            return Reply(programme_message(digest, fmt, min_group_size=size))
    raise NotAllowed("digest.not_allowed")


async def set_quote_consent(cmd: QuoteConsent, req: Request) -> Reply:
    """Set or withdraw consent to quote the member's latest reflection in this group, anonymously."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group = scopes.require_group(scope)
        member = scopes.require_member(scope)
        found = await uow.session.exec(select(Reflection).where(
            Reflection.workspace_id == member.workspace_id, Reflection.member_id == member.id,
        ).order_by(col(Reflection.created_at).desc(), col(Reflection.id).desc()).limit(1))
        latest = found.first()
        if latest is None:
            raise InvalidInput("digest.quote_none")
        latest.quote_consent = cmd.allow
        await uow.commit()
        when = format_moment(latest.created_at, group.timezone, scope.lang)
    return Reply(Message(ctx.t(scope.lang, "digest.quote_yes" if cmd.allow else "digest.quote_no", when=when)))


async def register_lead(cmd: RegisterLead, req: Request) -> Reply:
    """A programme owner gives someone a programme role (owner, lead, mentor) or removes it."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        programme = await digests.find_programme(uow.session, cmd.programme, scope.workspace_id)
        await owners.require_owner(uow.session, programme, req.actor.user)
        if cmd.role == owners.MENTOR:  # a mentor follows chosen groups, not the whole programme
            raise InvalidInput("digest.mentor_by_groups", user=cmd.user_id)
        role = await owners.set_programme_role(uow.session, programme, cmd.user_id, cmd.role, language=scope.lang,
                                               now=ctx.clock.now())
        await uow.commit()
    lang = scope.lang
    if role is None:
        return Reply(Message(ctx.t(lang, "digest.role_removed", user=cmd.user_id, programme=programme.name)))
    s = ctx.settings
    return Reply(Message(ctx.t(lang, "digest.lead_registered", user=cmd.user_id, programme=programme.name,
                               weekday=ctx.t(lang, f"digest.weekday.{s.digest_weekday}"),
                               time=s.digest_time, role=ctx.t(lang, f"digest.role.{cmd.role}"))))
