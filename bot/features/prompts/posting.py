"""Posting prompts for the between-meeting work: the message, the post record and its outbox row."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlmodel import select

from bot.errors import AdjustmentError, InvalidInput
from bot.features.prompts.answers import ANSWER, library_prompt
from bot.features.prompts.commands import PromptSend
from bot.features.prompts.tables import PromptPost
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Button, Field, Message, Reply
from bot.kernel.context import AppContext, Request
from bot.kernel.delivery.outbox import Envelope, enqueue
from bot.kernel.programme import calendars
from bot.kernel.programme.expand import PromptOccurrence
from bot.kernel.programme.prompts import Prompt
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
    """A coordinator posts a prompt now: the one named, else the programme's next, else the next unused one."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group = scopes.coordinators_group(scope)
        prompt, due = await post_now(uow, ctx, group, cmd.prompt_id)
        await uow.commit()
    title = prompt.title.get(scope.lang)
    return Reply(Message(ctx.t(scope.lang, "prompts.sent_now", title=title,
                               due=format_moment(due, group.timezone, scope.lang))))


async def post_now(uow: UnitOfWork, ctx: AppContext, group: Group, prompt_id: str | None) -> tuple[Prompt, datetime]:
    """Post a prompt to the group now (the one named, else the programme's next, else the next unused one) and
    return it with its due time; the caller checked who may (a coordinator, or a mentor of the group) and commits."""
    now = ctx.clock.now()
    upcoming = None if prompt_id else await _programme_next(uow, ctx, group)
    prompt_id = prompt_id or (upcoming.prompt_id if upcoming else _next_unused(ctx, await _used_prompt_ids(uow, group)))
    if prompt_id is None:
        raise InvalidInput("prompts.none_left")
    prompt = ctx.prompts.get(prompt_id)
    if prompt is None:
        raise InvalidInput("prompts.unknown", prompt_id=prompt_id)
    if upcoming is not None:  # posted early under its own key: the planner will not post it again
        due = upcoming.due_at
        await schedule_post(uow, ctx, group, prompt_id=prompt_id, occurrence_key=upcoming.key, post_at=now,
                            due_at=due, reminders=tuple(r for r in upcoming.reminders if r > now))
    else:
        due = now + MANUAL_DUE
        await schedule_post(
            uow, ctx, group, prompt_id=prompt_id, occurrence_key=f"manual:{prompt_id}:{now:%Y%m%dT%H%M%S}",
            post_at=now, due_at=due, reminders=tuple(due - d for d in MANUAL_REMINDER_BEFORE_DUE),
        )
    return prompt, due


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
