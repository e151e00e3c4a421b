"""One nudge budget per person per day and week: when spent, nudges wait (none is dropped) and hints are skipped."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import func
from sqlmodel import col, select

from bot.kernel.context import AppContext
from bot.kernel.rules.calendar import CalendarRules, at_local, local, next_allowed_slot
from bot.kernel.storage.tables import Member, Outbox, OutboxStatus
from bot.kernel.storage.uow import UnitOfWork

NUDGE_KINDS = ("reminder", "hint", "milestone", "introduction")
_LIVE = (OutboxStatus.PENDING.value, OutboxStatus.CLAIMED.value, OutboxStatus.SENT.value)
_MAX_DAYS_AHEAD = 21


async def _count(uow: UnitOfWork, ctx: AppContext, member: Member, start: datetime, end: datetime) -> int:
    return await _count_for(uow, ctx, member.workspace_id, member.user_id, start, end)


async def _count_for(uow: UnitOfWork, ctx: AppContext, workspace_id: int, user_id: str, start: datetime,
                     end: datetime) -> int:
    """Nudges in the outbox plus those the features gave outside it (language hints are replies, not rows)."""
    queued = await uow.session.exec(select(func.count()).select_from(Outbox).where(
        Outbox.workspace_id == workspace_id, Outbox.user_id == user_id,
        col(Outbox.kind).in_(NUDGE_KINDS), col(Outbox.status).in_(_LIVE),
        Outbox.due_at >= start, Outbox.due_at < end))
    given = [await count(uow, workspace_id, user_id, start, end) for count in ctx.features.nudge_counters]
    return int(queued.one()) + sum(given)


def _span(first: date, days: int, rules: CalendarRules) -> tuple[datetime, datetime]:
    """From local midnight of `first` to local midnight `days` later."""
    return at_local(first, time(0), rules), at_local(first + timedelta(days=days), time(0), rules)


def _day_bounds(when: datetime, rules: CalendarRules) -> tuple[datetime, datetime]:
    return _span(local(when, rules).date(), 1, rules)


def _week_bounds(when: datetime, rules: CalendarRules) -> tuple[datetime, datetime]:
    day = local(when, rules).date()
    return _span(day - timedelta(days=day.weekday()), 7, rules)


async def nudge_slot(uow: UnitOfWork, ctx: AppContext, member: Member, when: datetime, rules: CalendarRules
                     ) -> datetime:
    """`when`, or the first allowed slot after it where the member's budget has room."""
    per_day, per_week = ctx.settings.nudges_per_day, ctx.settings.nudges_per_week
    for _ in range(_MAX_DAYS_AHEAD):
        day_start, day_end = _day_bounds(when, rules)
        week_start, week_end = _week_bounds(when, rules)
        if await _count(uow, ctx, member, week_start, week_end) >= per_week:
            when = next_allowed_slot(week_end, rules)
        elif await _count(uow, ctx, member, day_start, day_end) >= per_day:
            when = next_allowed_slot(day_end, rules)
        else:
            return when
    return when


async def has_room_now(uow: UnitOfWork, ctx: AppContext, workspace_id: int, user_id: str, now: datetime,
                       rules: CalendarRules) -> bool:
    """True when a nudge given right now (a language hint) still fits the person's day and week budget."""
    day_start, day_end = _day_bounds(now, rules)
    week_start, week_end = _week_bounds(now, rules)
    return (await _count_for(uow, ctx, workspace_id, user_id, day_start, day_end) < ctx.settings.nudges_per_day
            and await _count_for(uow, ctx, workspace_id, user_id, week_start, week_end) < ctx.settings.nudges_per_week)
