"""The milestone planner (one of the planners run on every tick): programme milestones for each group,
private nudges before due dates, one follow-up when overdue, and the after-gathering anchoring question.

Exactly once, restart-safe: every message is an outbox row with an idempotency key; a key holds the due
date, so a moved milestone is nudged afresh, and done, moved or deleted milestones have their pending
rows cancelled by key prefix (see `milestone_records.cancel_nudges`).

A tick reads in bulk, whatever the number of groups: the groups with their programmes, the programme
milestones they already have, their open milestones, then (only when some message is due) the members of
the groups concerned and which of the due keys are already in the outbox. A nudge already queued costs no
further query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import col, select

from bot.errors import AdjustmentError
from bot.features.anchoring import stakeholders as anchoring
from bot.features.milestones import records
from bot.features.milestones.rules import (
    due_moment,
    is_overdue,
    latest_due_nudge,
    nudge_plan,
    overdue_followup_at,
)
from bot.features.milestones.tables import ChecklistItem, Milestone, MilestoneStatus
from bot.features.milestones.views import nudge_message, overdue_message
from bot.kernel.chat.messages import Message
from bot.kernel.context import AppContext
from bot.kernel.delivery.budget import nudge_slot
from bot.kernel.delivery.outbox import Envelope, enqueue
from bot.kernel.delivery.planning import earliest
from bot.kernel.programme import calendars
from bot.kernel.programme.expand import Calendar
from bot.kernel.programme.schedule import Schedule
from bot.kernel.rules.calendar import CalendarRules, local, next_allowed_slot
from bot.kernel.rules.people import Role
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Group, Member, Outbox, id_of
from bot.kernel.storage.uow import UnitOfWork

NUDGE_PRIORITY = 6
OVERDUE = "overdue"

MessageFor = Callable[[UnitOfWork, Member, str], Awaitable[Message]]


@dataclass(frozen=True)
class _GroupPlan:
    group: Group
    rules: CalendarRules
    calendar: Calendar | None


@dataclass(frozen=True)
class _Due:
    """Private messages that have come due in one group: who gets them, under which keys, saying what."""

    plan: _GroupPlan
    when: datetime
    chooses: Callable[[Member], bool]
    key_of: Callable[[Member], str]
    message_for: MessageFor
    paused_skipped: bool = True  # the after-gathering question reaches a paused coordinator too


def _nudge_time(ctx: AppContext) -> time:
    return time.fromisoformat(ctx.settings.milestone_nudge_time)


def _is_paused(paused_until: date | None, now: datetime, rules: CalendarRules) -> bool:
    """True while a pause lasts (its last day included, in the group's time zone)."""
    return paused_until is not None and local(now, rules).date() <= paused_until


async def plan_milestones(uow: UnitOfWork, ctx: AppContext) -> datetime:
    """Plan every group's milestone work that has come due; returns when the next can come due (see
    bot.kernel.delivery.planning)."""
    now = ctx.clock.now()
    plans = await _group_plans(uow, ctx)
    await _programme_milestones(uow, ctx, plans, now)
    open_by_group = await _open_milestones(uow)
    due: list[_Due] = []
    for plan in plans:
        if _is_paused(plan.group.paused_until, now, plan.rules):
            continue
        for milestone in open_by_group.get(id_of(plan.group), []):
            due.extend(_nudge(ctx, plan, milestone, now))
        if plan.calendar is not None and ctx.settings.anchoring_ask_after_gathering:
            due.extend(_ask_after_gatherings(ctx, plan, now))
    await _send(uow, ctx, due)
    return earliest(_next_moments(ctx, plans, open_by_group), now)


def _next_moments(ctx: AppContext, plans: list[_GroupPlan], open_by_group: dict[int, list[Milestone]]
                  ) -> list[datetime]:
    """Every open milestone's nudges and due moment, and every gathering's end (paused groups' too)."""
    moments = []
    for plan in plans:
        for milestone in open_by_group.get(id_of(plan.group), []):
            moments.append(due_moment(milestone.due_date, milestone.due_time, plan.rules))
            moments.extend(n.at for n in nudge_plan(milestone.due_date, ctx.settings.milestone_offsets, plan.rules,
                                                    at=_nudge_time(ctx)))
        if plan.calendar is not None:
            moments.extend(gathering.end for gathering in plan.calendar.gatherings)
    return moments


async def _group_plans(uow: UnitOfWork, ctx: AppContext) -> list[_GroupPlan]:
    """Every group with its calendar rules and (on a programme) its dated calendar, from the groups the planners
    of a tick read once."""
    plans = []
    for group, programme in await queries.groups_and_programmes(uow):
        schedule = ctx.schedules.get(programme.schedule_id or "") if programme is not None else None
        plans.append(_GroupPlan(group, calendars.group_rules(group, schedule), _calendar(schedule, group)))
    return plans


def _calendar(schedule: Schedule | None, group: Group) -> Calendar | None:
    if schedule is None:
        return None
    try:
        return calendars.group_calendar(schedule, group)
    except AdjustmentError:  # the programme planner reports bad adjustments; milestones just wait
        return None


async def _programme_milestones(uow: UnitOfWork, ctx: AppContext, plans: list[_GroupPlan], now: datetime) -> int:
    """Create the programme's milestones for each group once each (only those still ahead)."""
    ahead = [p for p in plans if p.calendar is not None and any(m.due_at > now for m in p.calendar.milestones)]
    if not ahead:
        return 0
    found = await uow.session.exec(select(Milestone.group_id, Milestone.source_key).where(
        col(Milestone.group_id).in_([id_of(p.group) for p in ahead]), col(Milestone.source_key).is_not(None)))
    existing = set(found.all())
    templates = records.checklist_templates(ctx).ids()
    created = 0
    for plan in ahead:
        assert plan.calendar is not None  # noqa: S101 - filtered above
        for dated in plan.calendar.milestones:
            if (plan.group.id, dated.key) in existing or dated.due_at <= now:
                continue
            due = local(dated.due_at, plan.calendar.rules)
            await records.create(
                uow, ctx, plan.group, title=dated.title, due_date=due.date(), kind=dated.kind,
                source_key=dated.key, due_time=due.time() if due.time() != time(0, 0) else None,
                description=dated.description,
                checklist_id=dated.checklist if dated.checklist in templates else None)
            created += 1
    return created


async def _open_milestones(uow: UnitOfWork) -> dict[int, list[Milestone]]:
    """Every group's planned milestones (the ones just created included: the session flushes first)."""
    found = await uow.session.exec(select(Milestone).where(
        Milestone.status == MilestoneStatus.PLANNED.value).order_by(col(Milestone.group_id), col(Milestone.id)))
    by_group: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in found.all():
        by_group[milestone.group_id].append(milestone)
    return by_group


def _nudge(ctx: AppContext, plan: _GroupPlan, milestone: Milestone, now: datetime) -> list[_Due]:
    """Mark overdue (with its one follow-up), or the freshest nudge whose moment has come."""
    at = _nudge_time(ctx)
    if is_overdue(milestone.due_date, milestone.due_time, plan.rules, now):
        milestone.status = MilestoneStatus.OVERDUE.value
        return [_milestone_due(ctx, plan, milestone, OVERDUE,
                               max(now, overdue_followup_at(milestone.due_date, plan.rules, at=at)))]
    steps = nudge_plan(milestone.due_date, ctx.settings.milestone_offsets, plan.rules, at=at)
    grace = timedelta(hours=ctx.settings.outbox_grace_hours)
    nudge = latest_due_nudge(steps, since=milestone.planned_at, now=now, grace=grace)
    return [] if nudge is None else [_milestone_due(ctx, plan, milestone, str(nudge.offset), now)]


def _milestone_due(ctx: AppContext, plan: _GroupPlan, milestone: Milestone, step: str, when: datetime) -> _Due:
    """The nudge (or overdue follow-up) to the milestone's owner and the group's coordinators."""
    items: list[ChecklistItem] | None = None

    async def message_for(uow: UnitOfWork, member: Member, lang: str) -> Message:
        nonlocal items
        if items is None:
            items = await records.checklist_items(uow, milestone)
        return (overdue_message(ctx, lang, plan.group, milestone, items) if step == OVERDUE
                else nudge_message(ctx, lang, plan.group, milestone, int(step), items))

    return _Due(plan, when, lambda m: m.id == milestone.owner_id or m.role == Role.COORDINATOR.value,
                lambda m: records.nudge_key(milestone, step, m), message_for)


def _ask_after_gatherings(ctx: AppContext, plan: _GroupPlan, now: datetime) -> list[_Due]:
    """Once after each gathering: ask each coordinator privately which stakeholders they contacted."""
    assert plan.calendar is not None  # noqa: S101 - only groups on a programme are asked
    grace = timedelta(hours=ctx.settings.outbox_grace_hours)
    group = plan.group
    ended = [g for g in plan.calendar.gatherings if now - grace <= g.end <= now and g.end >= group.created_at]
    return [_gathering_due(ctx, plan, gathering.id, gathering.title, now) for gathering in ended]


def _gathering_due(ctx: AppContext, plan: _GroupPlan, gathering_id: str, title: str, now: datetime) -> _Due:
    group = plan.group

    async def message_for(uow: UnitOfWork, member: Member, lang: str) -> Message:
        return await anchoring.ask_message(uow, ctx, lang, group, title)

    return _Due(plan, now, lambda m: m.role == Role.COORDINATOR.value,
                lambda m: f"anchoring-ask:{group.id}:{gathering_id}:{m.id}", message_for,
                paused_skipped=False)


async def _send(uow: UnitOfWork, ctx: AppContext, due: list[_Due]) -> int:
    """Enqueue the due messages not yet in the outbox, to members who are not paused."""
    if not due:
        return 0
    now = ctx.clock.now()
    members = await _members(uow, {id_of(d.plan.group) for d in due})
    wanted = [(d, m) for d in due for m in members.get(id_of(d.plan.group), [])
              if d.chooses(m) and not (d.paused_skipped and _is_paused(m.paused_until, now, d.plan.rules))]
    done = await _existing(uow, [d.key_of(m) for d, m in wanted])
    sent = 0
    for d, member in wanted:
        key = d.key_of(member)
        if key in done:
            continue
        done.add(key)
        group = d.plan.group
        message = await d.message_for(uow, member, member.language or group.language)
        slot = await nudge_slot(uow, ctx, member, next_allowed_slot(d.when, d.plan.rules), d.plan.rules)
        sent += int(await enqueue(uow.session, Envelope(
            workspace_id=group.workspace_id, key=key, kind="milestone", target="dm", user_id=member.user_id,
            message=message, due_at=slot, priority=NUDGE_PRIORITY), now=now))
    return sent


async def _members(uow: UnitOfWork, group_ids: set[int]) -> dict[int, list[Member]]:
    """The active members of these groups, in joining order, in one query."""
    found = await uow.session.exec(select(Member).where(
        col(Member.group_id).in_(sorted(group_ids)), Member.active == True  # noqa: E712
    ).order_by(col(Member.joined_at), col(Member.id)))
    by_group: dict[int, list[Member]] = defaultdict(list)
    for member in found.all():
        by_group[member.group_id].append(member)
    return by_group


async def _existing(uow: UnitOfWork, keys: list[str]) -> set[str]:
    if not keys:
        return set()
    found = await uow.session.exec(select(Outbox.idempotency_key).where(col(Outbox.idempotency_key).in_(keys)))
    return set(found.all())
