"""Group pauses that never drop a prompt silently, and bringing a prompt back (`oppgave ta-med`).

A pause lists, once, the programme prompts whose slot falls inside it, with how to bring each back. A
pause that would cover an open prompt's deadline is refused: people are working to that deadline.
Bringing a prompt back leaves it at its own slot when that is still ahead (and after any pause), else
posts it at the first working slot from today (or after the pause), keeping its time to answer.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlmodel import select

from bot.errors import InvalidInput
from bot.features.prompts import queries as prompt_queries
from bot.features.prompts.commands import PauseGroup, PromptSkip, PromptUnskip
from bot.features.prompts.posting import schedule_post
from bot.features.prompts.tables import PromptPost
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.commands.dates import read_date
from bot.kernel.context import AppContext, Request
from bot.kernel.programme import calendars
from bot.kernel.programme.deadlines import deadline_block
from bot.kernel.programme.expand import Calendar, PromptOccurrence
from bot.kernel.rules.calendar import CalendarRules, at_local, local, next_allowed_slot
from bot.kernel.rules.dates import format_date
from bot.kernel.rules.when import format_moment
from bot.kernel.storage.tables import Group
from bot.kernel.storage.uow import UnitOfWork


def _title(ctx: AppContext, prompt_id: str, lang: str) -> str:
    prompt = ctx.prompts.get(prompt_id)
    return prompt.title.get(lang) if prompt else prompt_id


async def _group_calendar(uow: UnitOfWork, ctx: AppContext, group: Group) -> Calendar | None:
    schedule = await calendars.schedule_of(uow, ctx, group)
    return calendars.group_calendar(schedule, group) if schedule is not None else None


async def pause_group(cmd: PauseGroup, req: Request) -> Reply:
    """Pause the group's prompts and reminders until a date (empty resumes); say which prompts it skips."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group, lang = scopes.coordinators_group(scope), scope.lang
        if not cmd.until:
            group.paused_until = None
            await uow.commit()
            return Reply(Message(ctx.t(lang, "programmes.resumed")), visibility="channel")
        until = read_date(ctx, cmd.until, tz=group.timezone, lang=lang)
        await _refuse_covered_deadline(uow, ctx, group, until, lang)
        calendar = await _group_calendar(uow, ctx, group)
        skipped = _inside(calendar, ctx.clock.now(), until) if calendar is not None else []
        group.paused_until = until
        await uow.commit()
    lines = [ctx.t(lang, "programmes.paused", until=format_date(until, lang))]
    if skipped:
        lines.append(ctx.t(lang, "programmes.pause_skips", count=len(skipped)))
        lines += [ctx.t(lang, "programmes.pause_skip_line", title=_title(ctx, o.prompt_id, lang),
                        prompt_id=o.prompt_id, when=format_moment(o.post_at, group.timezone, lang)) for o in skipped]
        lines.append(ctx.t(lang, "programmes.pause_bring_back"))
    return Reply(Message("\n".join(lines)), visibility="channel")


def _inside(calendar: Calendar, now: datetime, until: date) -> list[PromptOccurrence]:
    """The programme prompts that would be posted from now until the pause's last day."""
    return [o for o in calendar.prompts if now < o.post_at and local(o.post_at, calendar.rules).date() <= until]


async def _refuse_covered_deadline(uow: UnitOfWork, ctx: AppContext, group: Group, until: date, lang: str) -> None:
    """InvalidInput (nothing changed) when an open prompt's deadline falls inside the pause."""
    rules = CalendarRules(tz=group.timezone)
    for post in await prompt_queries.open_posts(uow.session, group, now=ctx.clock.now()):
        if local(post.due_at, rules).date() <= until:
            raise InvalidInput("programmes.pause_covers_deadline", title=_title(ctx, post.prompt_id, lang),
                               due=format_moment(post.due_at, group.timezone, lang), until=format_date(until, lang))


async def _change_skip(req: Request, prompt_id: str, *, skip: bool) -> tuple[Group, str, bool]:
    """Add or remove a prompt in the group's skip list; (group, language, whether it was skipped before)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group, lang = scopes.coordinators_group(scope), scope.lang
        calendar = await _group_calendar(uow, ctx, group)
        if calendar is None:
            raise InvalidInput("programmes.none_chosen")
        adjustments = calendars.adjustments_of(group)
        known = {o.prompt_id for o in calendar.prompts} | set(calendar.skipped) | set(adjustments.skip)
        if not any(prompt_id == k or k.endswith(f":{prompt_id}") for k in known):
            raise InvalidInput("programmes.not_in_programme", prompt_id=prompt_id)
        was_skipped = prompt_id in adjustments.skip
        kept = tuple(s for s in adjustments.skip if s != prompt_id)
        group.adjustments = adjustments.model_copy(
            update={"skip": (*kept, prompt_id) if skip else kept}).model_dump_json()
        await uow.commit()
    return group, lang, was_skipped


async def skip_prompt(cmd: PromptSkip, req: Request) -> Reply:
    """Leave a prompt out for this group (undo with `oppgave ta-med`)."""
    _, lang, _ = await _change_skip(req, cmd.prompt_id, skip=True)
    return Reply(Message(req.ctx.t(lang, "programmes.skipped", prompt_id=cmd.prompt_id)))


async def unskip_prompt(cmd: PromptUnskip, req: Request) -> Reply:
    """Bring a skipped (or paused-over) prompt back, and say when it goes out and when it is due."""
    ctx = req.ctx
    group, lang, was_skipped = await _change_skip(req, cmd.prompt_id, skip=False)
    async with ctx.uow() as uow:
        fresh = await uow.session.get(Group, group.id)
        assert fresh is not None  # noqa: S101 - the group was just changed in the same request
        calendar = await _group_calendar(uow, ctx, fresh)
        assert calendar is not None  # noqa: S101 - _change_skip refused a group without a programme
        posted = set((await uow.session.exec(select(PromptPost.occurrence_key).where(
            PromptPost.group_id == fresh.id))).all())
        waiting = [o for o in calendar.prompts if cmd.prompt_id in (o.prompt_id, o.key) and o.key not in posted]
        if not waiting:
            key = "programmes.unskipped" if was_skipped else "programmes.already_posted"
            return Reply(Message(ctx.t(lang, key, prompt_id=cmd.prompt_id)))
        post_at, due_at = await _bring_back(uow, ctx, fresh, calendar, waiting[0])
        await uow.commit()
    text = ctx.t(lang, "programmes.brought_back", title=_title(ctx, waiting[0].prompt_id, lang),
                 when=format_moment(post_at, group.timezone, lang), due=format_moment(due_at, group.timezone, lang))
    block = deadline_block(due_at, calendar.rules)
    if block is not None:
        text += "\n" + ctx.t(lang, "programmes.deadline_flag", title=_title(ctx, waiting[0].prompt_id, lang),
                             prompt_id=waiting[0].prompt_id, due=format_moment(due_at, group.timezone, lang),
                             where=ctx.t(lang, f"programmes.on_{block.kind}", name=block.name or ""))
    return Reply(Message(text))


async def _bring_back(uow: UnitOfWork, ctx: AppContext, group: Group, calendar: Calendar,
                      occurrence: PromptOccurrence) -> tuple[datetime, datetime]:
    """(post, due): its own slot when still ahead and after the pause, else the next working slot from then."""
    rules = calendar.rules
    start = ctx.clock.now()
    if group.paused_until is not None and local(start, rules).date() <= group.paused_until:
        start = at_local(group.paused_until + timedelta(days=1), time(0), rules)
    if occurrence.post_at >= start:
        return occurrence.post_at, occurrence.due_at  # the planner posts it at its slot
    post_at = next_allowed_slot(start, rules)
    shift = post_at - occurrence.post_at
    due_at = occurrence.due_at + shift
    reminders = tuple(sorted({s for s in (next_allowed_slot(r + shift, rules) for r in occurrence.reminders)
                              if post_at < s < due_at}))
    await schedule_post(uow, ctx, group, prompt_id=occurrence.prompt_id, occurrence_key=occurrence.key,
                        post_at=post_at, due_at=due_at, reminders=reminders)
    return post_at, due_at
