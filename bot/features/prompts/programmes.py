"""A group's programme: choosing it, what comes next, and local changes (skip a prompt, pause)."""

from __future__ import annotations

from sqlmodel import select

from bot.errors import InvalidInput
from bot.features.prompts.commands import ChooseProgramme, PromptNext
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.context import AppContext, Request
from bot.kernel.programme import calendars
from bot.kernel.programme.deadlines import flagged_deadlines
from bot.kernel.programme.expand import Calendar
from bot.kernel.rules.when import format_moment
from bot.kernel.storage.tables import Group, Programme
from bot.kernel.storage.uow import UnitOfWork

UPCOMING = 3


async def _coordinator_group(uow: UnitOfWork, req: Request) -> tuple[Group, str]:
    scope = await scopes.resolve(uow, req.ctx, req.actor, req.channel)
    return scopes.coordinators_group(scope), scope.lang


async def choose_programme(cmd: ChooseProgramme, req: Request) -> Reply:
    """Let the group follow a programme from `schedules/`; prompts then arrive on its schedule."""
    ctx = req.ctx
    schedule = ctx.schedules.get(cmd.programme_id)
    if schedule is None:
        raise InvalidInput("programmes.unknown", programme=cmd.programme_id,
                           known=", ".join(sorted(ctx.schedules.schedules)) or "–")
    async with ctx.uow() as uow:
        group, lang = await _coordinator_group(uow, req)
        found = await uow.session.exec(select(Programme).where(
            Programme.workspace_id == group.workspace_id, Programme.slug == schedule.id))
        programme = found.first() or Programme(workspace_id=group.workspace_id, slug=schedule.id, name=schedule.name,
                                               schedule_id=schedule.id, created_at=ctx.clock.now())
        uow.session.add(programme)
        await uow.flush()
        group.programme_id = programme.id
        await uow.commit()
    calendar = calendars.group_calendar(schedule, group)
    flags = deadline_lines(ctx, calendar, group, lang)
    return Reply(Message(ctx.t(lang, "programmes.chosen", name=schedule.name)
                         + "\n" + _upcoming_text(ctx, calendar, group, lang)
                         + ("\n\n" + flags if flags else "")), visibility="channel")


def deadline_lines(ctx: AppContext, calendar: Calendar, group: Group, lang: str) -> str:
    """A line per coming deadline on a public holiday or in a quiet period (flagged, never moved silently)."""
    lines = []
    for flag in flagged_deadlines(calendar, after=ctx.clock.now()):
        prompt = ctx.prompts.get(flag.prompt_id)
        where = ctx.t(lang, f"programmes.on_{flag.block.kind}", name=flag.block.name or "")
        lines.append(ctx.t(lang, "programmes.deadline_flag", title=prompt.title.get(lang) if prompt else flag.prompt_id,
                           prompt_id=flag.prompt_id, due=format_moment(flag.due_at, group.timezone, lang),
                           where=where))
    return "\n".join(lines)


def _upcoming_text(ctx: AppContext, calendar: Calendar, group: Group, lang: str) -> str:
    now = ctx.clock.now()
    lines = []
    for occ in [o for o in calendar.prompts if o.post_at > now][:UPCOMING]:
        prompt = ctx.prompts.get(occ.prompt_id)
        line = ctx.t(lang, "programmes.upcoming_line", title=prompt.title.get(lang) if prompt else occ.prompt_id,
                     prompt_id=occ.prompt_id, when=format_moment(occ.post_at, group.timezone, lang),
                     due=format_moment(occ.due_at, group.timezone, lang))
        if occ.moved_from is not None:
            line += " " + ctx.t(lang, "programmes.moved", reason=occ.move_detail or ctx.t(
                lang, f"programmes.reason.{occ.move_reason}"))
        lines.append(line)
    return "\n".join(lines) or ctx.t(lang, "programmes.nothing_upcoming")


async def _calendar(uow: UnitOfWork, ctx: AppContext, group: Group) -> Calendar:
    schedule = await calendars.schedule_of(uow, ctx, group)
    if schedule is None:
        raise InvalidInput("programmes.none_chosen")
    return calendars.group_calendar(schedule, group)


async def next_prompts(cmd: PromptNext, req: Request) -> Reply:
    """What the group gets next, and when (moved slots say why)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        group, lang = await _coordinator_group(uow, req)
        calendar = await _calendar(uow, ctx, group)
    flags = deadline_lines(ctx, calendar, group, lang)
    return Reply(Message(_upcoming_text(ctx, calendar, group, lang) + ("\n\n" + flags if flags else ""),
                         title=ctx.t(lang, "programmes.next_title")))
