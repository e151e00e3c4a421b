"""The prompts' planner: turns time passing into outbox rows — scheduled prompts, reminders and summaries.

Runs on every scheduler tick. Everything it writes has an idempotency key, so running it twice (or on
two replicas) changes nothing the second time.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from bot.features.prompts import summaries
from bot.features.prompts.posting import schedule_post
from bot.features.prompts.tables import PromptPost, Reflection
from bot.kernel.context import AppContext
from bot.kernel.delivery.budget import nudge_slot, private_slot
from bot.kernel.delivery.outbox import Envelope, cancel, enqueue
from bot.kernel.delivery.planning import earliest
from bot.kernel.programme import calendars
from bot.kernel.programme.expand import PromptOccurrence
from bot.kernel.rules.calendar import next_allowed_slot
from bot.kernel.rules.people import Role
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Group, Member, id_of
from bot.kernel.storage.uow import UnitOfWork

NUDGE_PRIORITY = 6


async def plan_prompts(uow: UnitOfWork, ctx: AppContext) -> datetime:
    """Plan the posts, reminders and summaries that have come due since the last tick; returns when the next
    one can come due (see bot.kernel.delivery.planning)."""
    upcoming = await _plan_posts(uow, ctx)
    open_posts = await _open_posts(uow)  # read once: reminders and summaries both walk them
    await _plan_reminders(uow, ctx, open_posts)
    await _plan_summaries(uow, ctx, open_posts)
    upcoming.extend(_next_moments(ctx, open_posts))
    return earliest(upcoming, ctx.clock.now())


def _next_moments(ctx: AppContext, open_posts: list[PromptPost]) -> list[datetime]:
    """The open posts' next reminders and deadlines (a reminder already due comes at the next tick: one
    reminder per post is planned per tick)."""
    soon = ctx.clock.now() + timedelta(microseconds=1)
    moments = []
    for post in open_posts:
        if not post.closed:
            moments.append(post.due_at)
        times = json.loads(post.reminder_times)
        if post.reminders_done < min(len(times), ctx.settings.reminders_max):
            moments.append(max(datetime.fromisoformat(times[post.reminders_done]), soon))
    return moments


def _is_paused(group: Group, when: datetime) -> bool:
    """True when `when` falls in the group's pause (inclusive, in the group's time zone)."""
    local_day = when.astimezone(ZoneInfo(group.timezone)).date()
    return group.paused_until is not None and local_day <= group.paused_until


async def _plan_posts(uow: UnitOfWork, ctx: AppContext) -> list[datetime]:
    """Post the programme prompts whose slot has come (within the grace); the posts already made are read in
    one query for all groups, so a tick with nothing new to post costs two queries whatever the group count.
    Returns the slots still ahead (paused or not: a pause's end is a midnight)."""
    now = ctx.clock.now()
    grace = timedelta(hours=ctx.settings.outbox_grace_hours)
    due: list[tuple[Group, PromptOccurrence]] = []
    ahead: list[datetime] = []
    for group, programme in await queries.groups_and_programmes(uow):
        schedule = ctx.schedules.get(programme.schedule_id or "") if programme is not None else None
        if schedule is None:
            continue
        occurrences = calendars.group_calendar(schedule, group).prompts
        ahead.extend(occ.post_at for occ in occurrences if occ.post_at > now)
        if _is_paused(group, now):
            continue
        # Prompts whose slot fell inside a pause are left out, not piled up after it.
        due.extend((group, occ) for occ in occurrences
                   if now - grace <= occ.post_at <= now and ctx.prompts.get(occ.prompt_id) is not None
                   and not _is_paused(group, occ.post_at))
    posted = await _posted(uow, due)
    for group, occ in due:
        if (group.id, occ.key) not in posted:
            await schedule_post(uow, ctx, group, prompt_id=occ.prompt_id, occurrence_key=occ.key,
                                post_at=occ.post_at, due_at=occ.due_at, reminders=occ.reminders)
    return ahead


async def _posted(uow: UnitOfWork, due: list[tuple[Group, PromptOccurrence]]) -> set[tuple[int, str]]:
    """(group id, occurrence key) of the posts already made for these occurrences."""
    if not due:
        return set()
    found = await uow.session.exec(select(PromptPost.group_id, PromptPost.occurrence_key).where(
        col(PromptPost.group_id).in_(sorted({id_of(g) for g, _ in due})),
        col(PromptPost.occurrence_key).in_(sorted({occ.key for _, occ in due}))))
    return set(found.all())


async def _open_posts(uow: UnitOfWork) -> list[PromptPost]:
    found = await uow.session.exec(select(PromptPost).where(PromptPost.closed == False))  # noqa: E712
    return list(found.all())


async def _plan_reminders(uow: UnitOfWork, ctx: AppContext, open_posts: list[PromptPost]) -> int:
    now = ctx.clock.now()
    planned = 0
    for post in open_posts:
        times = [datetime.fromisoformat(t) for t in json.loads(post.reminder_times)]
        if post.reminders_done >= min(len(times), ctx.settings.reminders_max) or times[post.reminders_done] > now:
            continue
        post.reminders_done += 1
        group = await uow.session.get(Group, post.group_id)
        if group is None or _is_paused(group, now):
            continue
        for member in await _silent_members(uow, group, post, now):
            planned += await _remind(uow, ctx, group, post, member)
    return planned


async def _silent_members(uow: UnitOfWork, group: Group, post: PromptPost, now: datetime) -> list[Member]:
    """Members who have not answered, want reminders and are not paused."""
    answered = set((await uow.session.exec(
        select(Reflection.member_id).where(Reflection.post_id == post.id))).all())
    return [m for m in await queries.members(uow.session, group)
            if m.id not in answered and m.reminders_enabled
            and not (m.paused_until and now.date() <= m.paused_until)]


async def _remind(uow: UnitOfWork, ctx: AppContext, group: Group, post: PromptPost, member: Member) -> int:
    lang = member.language or group.language
    prompt = ctx.prompts.get(post.prompt_id)
    rules = calendars.group_rules(group, await calendars.schedule_of(uow, ctx, group))
    when = await nudge_slot(uow, ctx, member, next_allowed_slot(ctx.clock.now(), rules), rules)
    if when >= post.due_at:  # a reminder after the deadline would tell a falsehood ("due Tuesday"): none is sent
        return 0
    message = summaries.reminder_message(ctx, group, post, prompt, lang)
    return int(await enqueue(uow.session, Envelope(
        workspace_id=group.workspace_id, key=f"reminder:{post.id}:{post.reminders_done}:{member.id}",
        kind="reminder", target="private", channel_id=group.channel_id, user_id=member.user_id,
        message=message, due_at=when, priority=NUDGE_PRIORITY), now=ctx.clock.now()))


async def _plan_summaries(uow: UnitOfWork, ctx: AppContext, open_posts: list[PromptPost]) -> int:
    now = ctx.clock.now()
    done = 0
    for post in open_posts:
        if post.due_at > now:
            continue
        post.closed = True
        # a reminder still waiting (held back by a 429 or a retry) would say "the deadline is ..." too late
        await cancel(uow.session, workspace_id=post.workspace_id, key_prefix=f"reminder:{post.id}:")
        group = await uow.session.get(Group, post.group_id)
        if group is None:
            continue
        everyone = await queries.members(uow.session, group)
        answers = list((await uow.session.exec(select(Reflection).where(Reflection.post_id == post.id))).all())
        # Due on a holiday, in a quiet period or after hours: the summary waits for the next working slot.
        rules = calendars.group_rules(group, await calendars.schedule_of(uow, ctx, group))
        slot = next_allowed_slot(now, rules)
        await enqueue(uow.session, Envelope(
            workspace_id=group.workspace_id, key=f"summary:{post.id}", kind="summary", target="channel",
            channel_id=group.channel_id, message=summaries.group_summary(ctx, group, post, everyone, answers),
            due_at=slot, priority=4), now=now)
        for coordinator in (m for m in everyone if m.role == Role.COORDINATOR.value):
            await enqueue(uow.session, Envelope(
                workspace_id=group.workspace_id, key=f"summary:{post.id}:coordinator:{coordinator.id}",
                kind="summary", target="dm", user_id=coordinator.user_id,
                message=summaries.coordinator_summary(ctx, group, post, everyone, answers, coordinator),
                due_at=private_slot(coordinator, slot, rules), priority=4), now=now)
        done += 1
    return done
