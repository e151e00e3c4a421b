"""The milestone planner (one of the planners run on every tick): programme milestones for each group,
private nudges before due dates, one follow-up when overdue, and the after-gathering anchoring question.

Exactly once, restart-safe: every message is an outbox row with an idempotency key; a key holds the due
date, so a moved milestone is nudged afresh, and done, moved or deleted milestones have their pending
rows cancelled by key prefix (see `milestone_records.cancel_nudges`).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlmodel import col, select

from bot.errors import AdjustmentError
from bot.features.anchoring import stakeholders as anchoring
from bot.features.milestones import records
from bot.features.milestones.rules import is_overdue, latest_due_nudge, nudge_plan, overdue_followup_at
from bot.features.milestones.tables import Milestone, MilestoneStatus
from bot.features.milestones.views import nudge_message, overdue_message
from bot.kernel.chat.messages import Message
from bot.kernel.context import AppContext
from bot.kernel.delivery.budget import nudge_slot
from bot.kernel.delivery.outbox import Envelope, enqueue
from bot.kernel.programme import calendars
from bot.kernel.programme.expand import Calendar
from bot.kernel.programme.schedule import Schedule
from bot.kernel.rules.calendar import CalendarRules, local, next_allowed_slot
from bot.kernel.rules.people import Role
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Group, Member, Outbox
from bot.kernel.storage.uow import UnitOfWork

NUDGE_PRIORITY = 6
OVERDUE = "overdue"


def _nudge_time(ctx: AppContext) -> time:
    return time.fromisoformat(ctx.settings.milestone_nudge_time)


def _is_paused(paused_until: date | None, now: datetime, rules: CalendarRules) -> bool:
    """True while a pause lasts (its last day included, in the group's time zone)."""
    return paused_until is not None and local(now, rules).date() <= paused_until


async def plan_milestones(uow: UnitOfWork, ctx: AppContext) -> int:
    """Plan every group's milestone work that has come due; returns how many rows were created."""
    now = ctx.clock.now()
    planned = 0
    for group in (await uow.session.exec(select(Group).order_by(col(Group.id)))).all():
        schedule = await calendars.schedule_of(uow, ctx, group)
        rules = calendars.group_rules(group, schedule)
        calendar = _calendar(schedule, group)
        if calendar is not None:
            planned += await _programme_milestones(uow, ctx, group, calendar, now)
        if _is_paused(group.paused_until, now, rules):
            continue
        for milestone in await _open_milestones(uow, group):
            planned += await _nudge(uow, ctx, group, milestone, rules, now)
        if calendar is not None and ctx.settings.anchoring_ask_after_gathering:
            planned += await _ask_after_gatherings(uow, ctx, group, calendar, rules, now)
    return planned


def _calendar(schedule: Schedule | None, group: Group) -> Calendar | None:
    if schedule is None:
        return None
    try:
        return calendars.group_calendar(schedule, group)
    except AdjustmentError:  # the programme planner reports bad adjustments; milestones just wait
        return None


async def _programme_milestones(uow: UnitOfWork, ctx: AppContext, group: Group, calendar: Calendar,
                                now: datetime) -> int:
    """Create the programme's milestones for the group once each (only those still ahead)."""
    found = await uow.session.exec(select(Milestone.source_key).where(
        Milestone.workspace_id == group.workspace_id, Milestone.group_id == group.id,
        col(Milestone.source_key).is_not(None)))
    existing = set(found.all())
    templates = records.checklist_templates(ctx).ids()
    created = 0
    for dated in calendar.milestones:
        if dated.key in existing or dated.due_at <= now:
            continue
        due = local(dated.due_at, calendar.rules)
        await records.create(
            uow, ctx, group, title=dated.title, due_date=due.date(), kind=dated.kind, source_key=dated.key,
            due_time=due.time() if due.time() != time(0, 0) else None,
            description=dated.description, checklist_id=dated.checklist if dated.checklist in templates else None)
        created += 1
    return created


async def _open_milestones(uow: UnitOfWork, group: Group) -> list[Milestone]:
    found = await uow.session.exec(select(Milestone).where(
        Milestone.workspace_id == group.workspace_id, Milestone.group_id == group.id,
        Milestone.status == MilestoneStatus.PLANNED.value))
    return list(found.all())


async def _nudge(uow: UnitOfWork, ctx: AppContext, group: Group, milestone: Milestone, rules: CalendarRules,
                 now: datetime) -> int:
    """Mark overdue (with its one follow-up), or send the freshest nudge whose moment has come."""
    at = _nudge_time(ctx)
    if is_overdue(milestone.due_date, milestone.due_time, rules, now):
        milestone.status = MilestoneStatus.OVERDUE.value
        return await _send(uow, ctx, group, milestone, rules, OVERDUE,
                           max(now, overdue_followup_at(milestone.due_date, rules, at=at)))
    plan = nudge_plan(milestone.due_date, ctx.settings.milestone_offsets, rules, at=at)
    grace = timedelta(hours=ctx.settings.outbox_grace_hours)
    nudge = latest_due_nudge(plan, since=milestone.planned_at, now=now, grace=grace)
    if nudge is None:
        return 0
    return await _send(uow, ctx, group, milestone, rules, str(nudge.offset), now)


async def _existing(uow: UnitOfWork, keys: list[str]) -> set[str]:
    found = await uow.session.exec(select(Outbox.idempotency_key).where(
        col(Outbox.idempotency_key).in_(keys)))
    return set(found.all())


async def _send(uow: UnitOfWork, ctx: AppContext, group: Group, milestone: Milestone, rules: CalendarRules,
                step: str, when: datetime) -> int:
    """One private message per recipient (owner and coordinators), within their nudge budget."""
    people = [m for m in await records.recipients(uow, group, milestone)
              if not _is_paused(m.paused_until, ctx.clock.now(), rules)]
    done = await _existing(uow, [records.nudge_key(milestone, step, m) for m in people])
    fresh = [m for m in people if records.nudge_key(milestone, step, m) not in done]
    if not fresh:
        return 0
    items = await records.checklist_items(uow, milestone)
    sent = 0
    for member in fresh:
        lang = member.language or group.language
        message = (overdue_message(ctx, lang, group, milestone, items) if step == OVERDUE
                   else nudge_message(ctx, lang, group, milestone, int(step), items))
        sent += await _enqueue(uow, ctx, group, member, records.nudge_key(milestone, step, member), message,
                               when, rules)
    return sent


async def _enqueue(uow: UnitOfWork, ctx: AppContext, group: Group, member: Member, key: str, message: Message,
                   when: datetime, rules: CalendarRules) -> int:
    slot = await nudge_slot(uow, ctx, member, next_allowed_slot(when, rules), rules)
    return int(await enqueue(uow.session, Envelope(
        workspace_id=group.workspace_id, key=key, kind="milestone", target="dm", user_id=member.user_id,
        message=message, due_at=slot, priority=NUDGE_PRIORITY), now=ctx.clock.now()))


async def _ask_after_gatherings(uow: UnitOfWork, ctx: AppContext, group: Group, calendar: Calendar,
                                rules: CalendarRules, now: datetime) -> int:
    """Once after each gathering: ask each coordinator privately which stakeholders they contacted."""
    grace = timedelta(hours=ctx.settings.outbox_grace_hours)
    ended = [g for g in calendar.gatherings if now - grace <= g.end <= now and g.end >= group.created_at]
    if not ended:
        return 0
    coordinators = [m for m in await queries.members(uow.session, group) if m.role == Role.COORDINATOR.value]
    asked = 0
    for gathering in ended:
        keys = {m.id: f"anchoring-ask:{group.id}:{gathering.id}:{m.id}" for m in coordinators}
        done = await _existing(uow, list(keys.values()))
        for member in (m for m in coordinators if keys[m.id] not in done):
            lang = member.language or group.language
            message = await anchoring.ask_message(uow, ctx, lang, group, gathering.title)
            asked += await _enqueue(uow, ctx, group, member, keys[member.id], message, now, rules)
    return asked
