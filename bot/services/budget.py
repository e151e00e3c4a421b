"""One nudge budget per person per day and week: when it is spent, nudges wait; none is dropped."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import select

from bot.core.calendar import CalendarRules, at_local, local, next_allowed_slot
from bot.services.context import AppContext
from bot.storage.tables import Member, Outbox, OutboxStatus
from bot.storage.uow import UnitOfWork

NUDGE_KINDS = ("reminder", "hint", "milestone", "introduction")
_LIVE = (OutboxStatus.PENDING.value, OutboxStatus.CLAIMED.value, OutboxStatus.SENT.value)
_MAX_DAYS_AHEAD = 21


async def _count(uow: UnitOfWork, member: Member, start: datetime, end: datetime) -> int:
    found = await uow.session.exec(select(func.count()).select_from(Outbox).where(
        Outbox.workspace_id == member.workspace_id, Outbox.user_id == member.user_id,
        Outbox.kind.in_(NUDGE_KINDS), Outbox.status.in_(_LIVE),  # type: ignore[attr-defined]
        Outbox.due_at >= start, Outbox.due_at < end))
    return int(found.one())


def _day_bounds(when: datetime, rules: CalendarRules) -> tuple[datetime, datetime]:
    day = local(when, rules).date()
    return at_local(day, rules.work_start.replace(hour=0, minute=0), rules), \
        at_local(day + timedelta(days=1), rules.work_start.replace(hour=0, minute=0), rules)


def _week_bounds(when: datetime, rules: CalendarRules) -> tuple[datetime, datetime]:
    day = local(when, rules).date()
    monday = day - timedelta(days=day.weekday())
    midnight = rules.work_start.replace(hour=0, minute=0)
    return at_local(monday, midnight, rules), at_local(monday + timedelta(days=7), midnight, rules)


async def nudge_slot(uow: UnitOfWork, ctx: AppContext, member: Member, when: datetime, rules: CalendarRules
                     ) -> datetime:
    """`when`, or the first allowed slot after it where the member's budget has room."""
    per_day, per_week = ctx.settings.nudges_per_day, ctx.settings.nudges_per_week
    for _ in range(_MAX_DAYS_AHEAD):
        day_start, day_end = _day_bounds(when, rules)
        week_start, week_end = _week_bounds(when, rules)
        if await _count(uow, member, week_start, week_end) >= per_week:
            when = next_allowed_slot(week_end, rules)
        elif await _count(uow, member, day_start, day_end) >= per_day:
            when = next_allowed_slot(day_end, rules)
        else:
            return when
    return when
