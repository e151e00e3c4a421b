"""Posting prompts for the between-meeting work: the message, the post record and its outbox row."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

from sqlmodel import select

from bot.errors import AdjustmentError, InvalidInput
from bot.features.prompts.answers import ANSWER, library_prompt
from bot.features.prompts.commands import PromptSend
from bot.features.prompts.tables import PromptPost
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Button, Field, Message, Reply
from bot.kernel.commands.registry import RUN_COMMAND
from bot.kernel.context import AppContext, Request
from bot.kernel.delivery.outbox import Envelope, enqueue
from bot.kernel.programme import calendars
from bot.kernel.programme.deadlines import deadline_block
from bot.kernel.programme.expand import PromptOccurrence
from bot.kernel.programme.prompts import Prompt
from bot.kernel.rules.calendar import CalendarRules, at_local, local, next_allowed_slot, next_working_day
from bot.kernel.rules.dates import format_date
from bot.kernel.rules.when import format_moment
from bot.kernel.storage.tables import Group, id_of
from bot.kernel.storage.uow import UnitOfWork

MANUAL_DUE = timedelta(days=7)
MANUAL_REMINDER_BEFORE_DUE = (timedelta(days=2),)


def prompt_message(ctx: AppContext, group: Group, post: PromptPost) -> Message:
    """The channel post for a prompt: title, text, due time and an answer button."""
    lang = group.language
    prompt = library_prompt(ctx, post.prompt_id)
    title, text = prompt.title.get(lang), prompt.text.get(lang)
    due = format_moment(post.due_at, group.timezone, lang)
    return Message(
        text=text,
        title=ctx.t(lang, "prompts.post_title", title=title),
        fields=(Field(ctx.t(lang, "prompts.due_label"), due),
                Field(ctx.t(lang, "prompts.effort_label"),
                      ctx.t(lang, "prompts.effort", minutes=prompt.effort_minutes))),
        buttons=(Button(ctx.t(lang, "prompts.answer_button"), ANSWER, str(post.id), "primary"),),
        footer=ctx.t(lang, "prompts.footer", limit=ctx.settings.reflection_max_chars),
    )


def post_key(group: Group, occurrence_key: str) -> str:
    return f"prompt:{group.id}:{occurrence_key}"


async def schedule_post(
    uow: UnitOfWork, ctx: AppContext, group: Group, *, prompt_id: str, occurrence_key: str,
    post_at: datetime, due_at: datetime, reminders: tuple[datetime, ...],
) -> PromptPost | None:
    """Record a prompt post and its outbox row; None when this occurrence already exists."""
    existing = await uow.session.exec(
        select(PromptPost).where(PromptPost.group_id == group.id, PromptPost.occurrence_key == occurrence_key)
    )
    if existing.first() is not None:
        return None
    post = PromptPost(
        workspace_id=group.workspace_id, group_id=id_of(group), prompt_id=prompt_id,
        occurrence_key=occurrence_key, post_at=post_at, due_at=due_at,
        reminder_times=json.dumps([r.isoformat() for r in sorted(reminders)]), created_at=ctx.clock.now(),
    )
    uow.session.add(post)
    await uow.flush()
    await enqueue(uow.session, Envelope(
        workspace_id=group.workspace_id, key=post_key(group, occurrence_key), kind="prompt", target="channel",
        channel_id=group.channel_id, message=prompt_message(ctx, group, post), due_at=post_at, priority=3,
    ), now=ctx.clock.now())
    return post


async def _used_prompt_ids(uow: UnitOfWork, group: Group) -> set[str]:
    found = await uow.session.exec(select(PromptPost.prompt_id).where(PromptPost.group_id == group.id))
    return set(found.all())


async def send_prompt_now(cmd: PromptSend, req: Request) -> Reply:
    """A coordinator posts a prompt now: the one named, else the programme's next, else the next unused one. On a
    public holiday, in a quiet period or during the group's pause it asks first: post anyway, or at the next
    working moment (the coordinator's own explicit action, so it is never silently held back or sent)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group, lang = scopes.coordinators_group(scope), scope.lang
        now = ctx.clock.now()
        prompt_id, prompt, upcoming = await _choose(uow, ctx, group, cmd.prompt_id)
        rules = calendars.group_rules(group, await calendars.schedule_of(uow, ctx, group))
        block = _why_not_now(ctx, group, now, rules, lang)
        if block is not None and cmd.when == "ask":
            return _ask_first(ctx, group, lang, prompt_id, prompt.title.get(lang), block, _later(group, now, rules))
        post_at = _later(group, now, rules) if block is not None and cmd.when == "later" else now
        due = await _post(uow, ctx, group, prompt_id, upcoming, post_at, rules)
        await uow.commit()
    title, due_text = prompt.title.get(lang), format_moment(due, group.timezone, lang)
    if post_at > now:
        return Reply(Message(ctx.t(lang, "prompts.sent_later", title=title, due=due_text,
                                   when=format_moment(post_at, group.timezone, lang))))
    return Reply(Message(ctx.t(lang, "prompts.sent_now", title=title, due=due_text)))


async def _post(uow: UnitOfWork, ctx: AppContext, group: Group, prompt_id: str, upcoming: PromptOccurrence | None,
                post_at: datetime, rules: CalendarRules) -> datetime:
    """Record the post; returns its deadline (the programme's for its next prompt, else a week on)."""
    if upcoming is not None:  # posted early under its own key: the planner will not post it again
        await schedule_post(uow, ctx, group, prompt_id=prompt_id, occurrence_key=upcoming.key, post_at=post_at,
                            due_at=upcoming.due_at, reminders=tuple(r for r in upcoming.reminders if r > post_at))
        return upcoming.due_at
    due = _manual_due(post_at, rules)
    await schedule_post(
        uow, ctx, group, prompt_id=prompt_id, occurrence_key=f"manual:{prompt_id}:{ctx.clock.now():%Y%m%dT%H%M%S}",
        post_at=post_at, due_at=due, reminders=tuple(due - d for d in MANUAL_REMINDER_BEFORE_DUE))
    return due


def _manual_due(post_at: datetime, rules: CalendarRules) -> datetime:
    """A week after posting, at the same time of day; moved to the next working day when that is a public holiday
    or in a quiet period (the bot chose it, so it chooses a day people are at work)."""
    due = post_at + MANUAL_DUE
    if deadline_block(due, rules) is None:
        return due
    moment = local(due, rules)
    return at_local(next_working_day(moment.date(), rules), moment.time(), rules)


def _why_not_now(ctx: AppContext, group: Group, now: datetime, rules: CalendarRules, lang: str) -> str | None:
    """Why the group would not want a post now (a public holiday, a quiet period, its pause), or None."""
    if group.paused_until is not None and local(now, rules).date() <= group.paused_until:
        return ctx.t(lang, "prompts.blocked_pause", until=format_date(group.paused_until, lang))
    block = deadline_block(now, rules)  # holidays and quiet periods; evenings and weekends are the sender's call
    if block is None:
        return None
    if block.kind == "holiday":
        return ctx.t(lang, "prompts.blocked_holiday", name=block.name or "")
    return ctx.t(lang, "prompts.blocked_quiet", name=block.name or "–")


def _later(group: Group, now: datetime, rules: CalendarRules) -> datetime:
    """The group's next working moment after its pause, holidays and quiet periods."""
    if group.paused_until is not None and local(now, rules).date() <= group.paused_until:
        now = max(now, at_local(group.paused_until + timedelta(days=1), time(0), rules))
    return next_allowed_slot(now, rules)


def _ask_first(ctx: AppContext, group: Group, lang: str, prompt_id: str, title: str, why: str, later: datetime
               ) -> Reply:
    when = format_moment(later, group.timezone, lang)
    return Reply(Message(ctx.t(lang, "prompts.send_ask", title=title, why=why, when=when, prompt=prompt_id),
                         buttons=(Button(ctx.t(lang, "prompts.send_later_button", when=when), RUN_COMMAND,
                                         f"oppgave send {prompt_id} senere", "primary"),
                                  Button(ctx.t(lang, "prompts.send_anyway_button"), RUN_COMMAND,
                                         f"oppgave send {prompt_id} likevel"))))


async def post_now(uow: UnitOfWork, ctx: AppContext, group: Group, prompt_id: str | None) -> tuple[Prompt, datetime]:
    """Post a prompt to the group now (the one named, else the programme's next, else the next unused one) and
    return it with its due time; the caller checked who may (a mentor of the group) and commits."""
    prompt_id, prompt, upcoming = await _choose(uow, ctx, group, prompt_id)
    rules = calendars.group_rules(group, await calendars.schedule_of(uow, ctx, group))
    return prompt, await _post(uow, ctx, group, prompt_id, upcoming, ctx.clock.now(), rules)


async def _choose(uow: UnitOfWork, ctx: AppContext, group: Group, prompt_id: str | None
                  ) -> tuple[str, Prompt, PromptOccurrence | None]:
    """The prompt to post: the one named, else the programme's next (returned too), else the next unused one."""
    upcoming = None if prompt_id else await _programme_next(uow, ctx, group)
    prompt_id = prompt_id or (upcoming.prompt_id if upcoming else _next_unused(ctx, await _used_prompt_ids(uow, group)))
    if prompt_id is None:
        raise InvalidInput("prompts.none_left")
    prompt = ctx.prompts.get(prompt_id)
    if prompt is None:
        raise InvalidInput("prompts.unknown", prompt_id=prompt_id)
    return prompt_id, prompt, upcoming


async def _programme_next(uow: UnitOfWork, ctx: AppContext, group: Group) -> PromptOccurrence | None:
    """The group's next programme prompt that is still to come (None: no programme, or nothing ahead)."""
    schedule = await calendars.schedule_of(uow, ctx, group)
    if schedule is None:
        return None
    try:
        calendar = calendars.group_calendar(schedule, group)
    except AdjustmentError:  # the planner reports broken adjustments; posting now falls back to the library
        return None
    now = ctx.clock.now()
    return next((o for o in sorted(calendar.prompts, key=lambda o: o.post_at)
                 if o.post_at > now and ctx.prompts.get(o.prompt_id) is not None), None)


def _next_unused(ctx: AppContext, used: set[str]) -> str | None:
    return next((p for p in sorted(ctx.prompts.ids()) if p not in used), None)


async def list_prompts(cmd: object, req: Request) -> Reply:
    """The prompt library in short: id, title, criterion and effort."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
    lines = [f"`{p.id}` {p.title.get(scope.lang)} ({p.criterion}, {p.effort_minutes} min)"
             for p in (ctx.prompts.get(i) for i in sorted(ctx.prompts.ids())) if p is not None]
    return Reply(Message("\n".join(lines), title=ctx.t(scope.lang, "prompts.library_title", count=len(lines))))
