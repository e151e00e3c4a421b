"""A group's calendar: its programme schedule plus its local adjustments, expanded (and cached)."""

from __future__ import annotations

from functools import lru_cache

from bot.kernel.context import AppContext
from bot.kernel.programme.expand import Calendar, GroupAdjustments, effective_rules, expand
from bot.kernel.programme.schedule import Schedule
from bot.kernel.rules.calendar import CalendarRules
from bot.kernel.storage.tables import Group, Programme
from bot.kernel.storage.uow import UnitOfWork


@lru_cache(maxsize=4096)
def _expanded(schedule: Schedule, adjustments_json: str, tz: str) -> Calendar:
    adjustments = GroupAdjustments.model_validate_json(adjustments_json or "{}")
    return expand(schedule, adjustments, _rules(schedule, adjustments, tz))


def _rules(schedule: Schedule, adjustments: GroupAdjustments, tz: str) -> CalendarRules:
    base = schedule.rules()
    return effective_rules(schedule, adjustments, CalendarRules(
        tz=tz, workdays=base.workdays, work_start=base.work_start, work_end=base.work_end,
        quiet_periods=base.quiet_periods))


def group_calendar(schedule: Schedule, group: Group) -> Calendar:
    """The dated programme for one group (pure; cached on the schedule and the adjustments)."""
    return _expanded(schedule, group.adjustments, group.timezone)


def calendar_with(schedule: Schedule, group: Group, adjustments: GroupAdjustments) -> Calendar:
    """The group's calendar as it would be with other adjustments (AdjustmentError when they do not fit)."""
    return _expanded(schedule, adjustments.model_dump_json(), group.timezone)


def adjustments_of(group: Group) -> GroupAdjustments:
    return GroupAdjustments.model_validate_json(group.adjustments or "{}")


def group_rules(group: Group, schedule: Schedule | None) -> CalendarRules:
    """The calendar rules for ad-hoc sends: the programme's (if any) plus the group's adjustments."""
    adjustments = adjustments_of(group)
    if schedule is not None:
        return _rules(schedule, adjustments, group.timezone)
    base = CalendarRules(tz=group.timezone)
    extra = tuple(q.to_rule() for q in adjustments.quiet_periods)
    return CalendarRules(tz=group.timezone, workdays=base.workdays, work_start=base.work_start,
                         work_end=base.work_end, quiet_periods=extra)


async def schedule_of(uow: UnitOfWork, ctx: AppContext, group: Group) -> Schedule | None:
    """The programme schedule the group follows, if any."""
    if group.programme_id is None:
        return None
    programme = await uow.session.get(Programme, group.programme_id)
    return ctx.schedules.get(programme.schedule_id or "") if programme else None
