"""One budget of private messages per person per day and week, in the person's own working hours.

Counted: reminders, hints, milestone nudges, introductions, the coordinator's summary after a prompt and the
weekly digest. When the budget is spent, nudges wait for the next slot with room and hints are skipped.
What may exceed it: summaries and digests are never held back (they count, so nudges make room for them),
and answers to what a person just asked never count. Every private message goes out in the person's own
working hours and time zone (`arbeidstid`, `tidssone`) when they set them, else the group's.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, func
from sqlmodel import col, select

from bot.kernel.context import AppContext
from bot.kernel.rules.calendar import CalendarRules, at_local, local, next_allowed_slot
from bot.kernel.storage.tables import Member, Outbox, OutboxStatus
from bot.kernel.storage.uow import UnitOfWork

NUDGE_KINDS = ("reminder", "hint", "milestone", "introduction", "summary", "digest")
_LIVE = (OutboxStatus.PENDING.value, OutboxStatus.CLAIMED.value, OutboxStatus.SENT.value)
_MAX_DAYS_AHEAD = 21


def _nudges(ctx: AppContext, workspace_id: int, user_id: str, start: datetime, end: datetime) -> ColumnElement[int]:
    """Nudges in [start, end): those in the outbox plus those the features gave outside it (language hints are
    replies, not rows), each a subquery."""
    queued = select(func.count()).select_from(Outbox).where(
        Outbox.workspace_id == workspace_id, Outbox.user_id == user_id,
        col(Outbox.kind).in_(NUDGE_KINDS), col(Outbox.status).in_(_LIVE),
        Outbox.due_at >= start, Outbox.due_at < end).scalar_subquery()
    return sum((count(workspace_id, user_id, start, end) for count in ctx.features.nudge_counters), queued)


async def _counts(uow: UnitOfWork, ctx: AppContext, workspace_id: int, user_id: str,
                  first: tuple[datetime, datetime], second: tuple[datetime, datetime]) -> tuple[int, int]:
    """The nudges in two spans (a day and its week), read in one statement."""
    found = await uow.session.exec(select(_nudges(ctx, workspace_id, user_id, *first),
                                          _nudges(ctx, workspace_id, user_id, *second)))
    in_first, in_second = found.one()
    return int(in_first), int(in_second)


def _span(first: date, days: int, rules: CalendarRules) -> tuple[datetime, datetime]:
    """From local midnight of `first` to local midnight `days` later."""
    return at_local(first, time(0), rules), at_local(first + timedelta(days=days), time(0), rules)


def _day_bounds(when: datetime, rules: CalendarRules) -> tuple[datetime, datetime]:
    return _span(local(when, rules).date(), 1, rules)


def _week_bounds(when: datetime, rules: CalendarRules) -> tuple[datetime, datetime]:
    day = local(when, rules).date()
    return _span(day - timedelta(days=day.weekday()), 7, rules)


def personal_rules(member: Member, rules: CalendarRules) -> CalendarRules:
    """The group's rules (days, holidays, quiet periods) with the person's own hours and time zone, if set."""
    return _with_hours(rules, member.work_start, member.work_end, member.timezone)


def _with_hours(rules: CalendarRules, start: time | None, end: time | None, zone: str | None) -> CalendarRules:
    if start is None and end is None and zone is None:
        return rules
    return replace(rules, tz=zone or rules.tz, work_start=start or rules.work_start, work_end=end or rules.work_end)


def private_slot(member: Member, when: datetime, rules: CalendarRules) -> datetime:
    """`when`, or the person's next working moment (a private message that is never held back by the budget)."""
    return next_allowed_slot(when, personal_rules(member, rules))


async def person_slot(uow: UnitOfWork, ctx: AppContext, workspace_id: int, user_id: str, when: datetime,
                      rules: CalendarRules) -> datetime:
    """Like `private_slot` for someone who may be in no group (a programme's lead or mentor): the hours and time
    zone they set in one of their groups, else those they set outside any (a feature's `own_hours`), else `rules`."""
    found = (await uow.session.exec(select(Member).where(
        Member.workspace_id == workspace_id, Member.user_id == user_id, Member.active == True,  # noqa: E712
        (col(Member.work_start).is_not(None)) | (col(Member.timezone).is_not(None))).order_by(col(Member.id)))).first()
    if found is not None:
        return private_slot(found, when, rules)
    for lookup in ctx.features.own_hours:
        if (own := await lookup(uow, workspace_id, user_id)) is not None:
            return next_allowed_slot(when, _with_hours(rules, *own))
    return next_allowed_slot(when, rules)


async def nudge_slot(uow: UnitOfWork, ctx: AppContext, member: Member, when: datetime, rules: CalendarRules
                     ) -> datetime:
    """The first moment from `when` in the person's working hours where their budget has room."""
    per_day, per_week = ctx.settings.nudges_per_day, ctx.settings.nudges_per_week
    rules = personal_rules(member, rules)
    when = next_allowed_slot(when, rules)
    for _ in range(_MAX_DAYS_AHEAD):
        day, week = _day_bounds(when, rules), _week_bounds(when, rules)
        in_week, in_day = await _counts(uow, ctx, member.workspace_id, member.user_id, week, day)
        if in_week >= per_week:
            when = next_allowed_slot(week[1], rules)
        elif in_day >= per_day:
            when = next_allowed_slot(day[1], rules)
        else:
            return when
    return when


async def has_room_now(uow: UnitOfWork, ctx: AppContext, workspace_id: int, user_id: str, now: datetime,
                       rules: CalendarRules) -> bool:
    """True when a nudge given right now (a language hint) still fits the person's day and week budget."""
    in_day, in_week = await _counts(uow, ctx, workspace_id, user_id, _day_bounds(now, rules), _week_bounds(now, rules))
    return in_day < ctx.settings.nudges_per_day and in_week < ctx.settings.nudges_per_week
