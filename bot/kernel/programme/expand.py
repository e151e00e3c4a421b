"""Expand a programme schedule plus one group's adjustments into dated gatherings, prompts and milestones.

Pure: no I/O, no clock. Every datetime produced is timezone-aware and expressed in the group's
time zone (compare or store it as UTC freely). Post and reminder times go through
`next_allowed_slot`; due times and gatherings are kept as planned (they are commitments, not nudges).
Occurrence keys (`programme:gathering:prompt`) are unique within one group's calendar and never
depend on times, so the outbox can use them (plus the group id) as idempotency keys.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import TypedDict

from pydantic import BaseModel, ConfigDict, Field

from bot.errors import AdjustmentError
from bot.kernel.programme.schedule import (
    NEXT,
    POST,
    PREVIOUS,
    Gathering,
    Offset,
    PromptSlot,
    QuietPeriodSpec,
    Reminder,
    Schedule,
    WorkingHours,
    rules_from,
)
from bot.kernel.rules.calendar import (
    CalendarRules,
    at_local,
    block_for,
    local,
    next_allowed_slot,
    working_days_after,
    working_days_before,
)


class GatheringChange(BaseModel):
    """Move one gathering: by `days`, or to a new `date`; optionally new start/end times."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    days: int = 0
    date: dt.date | None = None
    start: time | None = None
    end: time | None = None


class PromptChange(BaseModel):
    """Move one prompt: its post to another day (the time to answer kept), and/or its deadline to another day."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    post: dt.date | None = None
    due: dt.date | None = None


class GroupAdjustments(BaseModel):
    """One group's local changes to its programme; JSON-serialisable for storage."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    shift_days: int = 0
    gatherings: dict[str, GatheringChange] = Field(default_factory=dict)
    skip: tuple[str, ...] = ()  # prompt ids or occurrence keys
    swap: dict[str, str] = Field(default_factory=dict)  # prompt id or occurrence key -> new prompt id
    reminders: tuple[Reminder, ...] | None = None  # replaces every prompt's reminders when set
    quiet_periods: tuple[QuietPeriodSpec, ...] = ()
    working_hours: WorkingHours | None = None
    prompts: dict[str, PromptChange] = Field(default_factory=dict)  # prompt id or occurrence key -> its move


@dataclass(frozen=True)
class DatedGathering:
    """A gathering placed in time."""

    id: str
    title: str
    start: datetime
    end: datetime
    form: str
    attends: tuple[str, ...]
    place: str | None = None
    moved_from: datetime | None = None


@dataclass(frozen=True)
class PromptOccurrence:
    """One prompt for one group: when it is posted, due and reminded; why its post time moved."""

    key: str
    prompt_id: str
    post_at: datetime
    due_at: datetime
    reminders: tuple[datetime, ...]
    moved_from: datetime | None
    move_reason: str | None  # "weekend" | "holiday" | "quiet" | "before-hours" | "after-hours"
    move_detail: str | None = None  # the holiday's or quiet period's name
    gathering_id: str = ""
    swapped_from: str | None = None


@dataclass(frozen=True)
class DatedMilestone:
    """A programme milestone with its due time for one group."""

    key: str
    milestone_id: str
    title: str
    kind: str
    due_at: datetime
    owner: str
    checklist: str | None
    description: str | None = None


@dataclass(frozen=True)
class Calendar:
    """Everything dated for one group, in time order."""

    programme_id: str
    name: str
    rules: CalendarRules
    gatherings: tuple[DatedGathering, ...]
    prompts: tuple[PromptOccurrence, ...]
    milestones: tuple[DatedMilestone, ...]
    skipped: tuple[str, ...] = ()


def effective_rules(
    schedule: Schedule, adjustments: GroupAdjustments, rules: CalendarRules | None = None
) -> CalendarRules:
    """The given (or the programme's) rules plus the adjustments' working hours and quiet periods."""
    base = rules or schedule.rules()
    if adjustments.working_hours:
        hours = rules_from(base.tz, adjustments.working_hours, ())
        base = replace(base, workdays=hours.workdays, work_start=hours.work_start, work_end=hours.work_end)
    extra = tuple(q.to_rule() for q in adjustments.quiet_periods)
    return replace(base, quiet_periods=base.quiet_periods + extra) if extra else base


def date_gatherings(
    schedule: Schedule, adjustments: GroupAdjustments, rules: CalendarRules
) -> tuple[DatedGathering, ...]:
    """Place each gathering in time, applying the overall shift and per-gathering changes."""
    known = {g.id for g in schedule.gatherings}
    for gathering_id in adjustments.gatherings:
        if gathering_id not in known:
            raise AdjustmentError(f"no gathering called {gathering_id!r} (known: {', '.join(sorted(known))})")
    return tuple(_date_gathering(g, adjustments, rules) for g in schedule.gatherings)


def _date_gathering(g: Gathering, adjustments: GroupAdjustments, rules: CalendarRules) -> DatedGathering:
    planned_day = g.date + timedelta(days=adjustments.shift_days)
    change = adjustments.gatherings.get(g.id) or GatheringChange()
    day = change.date or planned_day + timedelta(days=change.days)
    start = at_local(day, change.start or g.start, rules)
    end = at_local(day, change.end or g.end, rules)
    if end <= start:
        raise AdjustmentError(f"gathering {g.id!r} would end before it starts")
    moved = at_local(planned_day, g.start, rules) if start != at_local(planned_day, g.start, rules) else None
    return DatedGathering(g.id, g.title, start, end, g.form, tuple(g.attends), g.place, moved)


Anchors = Mapping[str, tuple[datetime, datetime]]


def resolve_offset(offset: Offset, anchors: Anchors, rules: CalendarRules) -> datetime:
    """The moment an offset names: counted from the anchor's end (`after`) or start (`before`)."""
    if offset.anchor not in anchors:
        raise AdjustmentError(f"unknown anchor {offset.anchor!r} (use: {', '.join(anchors)})")
    start, end = anchors[offset.anchor]
    base = local(end if offset.after is not None else start, rules)
    if not offset.days and not offset.working_days and offset.at is None:
        return base
    if offset.working_days:
        step = working_days_after if offset.after is not None else working_days_before
        day = step(base.date(), offset.working_days, rules)
    else:
        sign = 1 if offset.after is not None else -1
        day = base.date() + timedelta(days=sign * offset.days)
    return at_local(day, offset.at or base.time(), rules)


def resolve_reminder(reminder: Reminder, due: datetime, rules: CalendarRules) -> datetime:
    """The planned (not yet slot-adjusted) moment of a reminder before `due`."""
    if reminder.hours_before_due is not None:
        return local(due - timedelta(hours=reminder.hours_before_due), rules)
    due_local = local(due, rules)
    if reminder.working_days_before_due is not None:
        day = working_days_before(due_local.date(), reminder.working_days_before_due, rules)
    else:
        day = due_local.date() - timedelta(days=reminder.days_before_due or 0)
    return at_local(day, reminder.at or due_local.time(), rules)


def anchors_for(gatherings: tuple[DatedGathering, ...], index: int) -> dict[str, tuple[datetime, datetime]]:
    """Anchor names for the slots after gathering `index`: previous, next (if any), and every gathering id."""
    anchors = {g.id: (g.start, g.end) for g in gatherings}
    anchors[PREVIOUS] = (gatherings[index].start, gatherings[index].end)
    if index + 1 < len(gatherings):
        anchors[NEXT] = (gatherings[index + 1].start, gatherings[index + 1].end)
    return anchors


def _lookup(table: Mapping[str, str] | tuple[str, ...], key: str, prompt_id: str) -> str | bool | None:
    if isinstance(table, tuple):
        return key in table or prompt_id in table
    return table.get(key) or table.get(prompt_id)


class _Move(TypedDict):
    """Why a prompt's post time moved from the planned one (all None when it did not)."""

    moved_from: datetime | None
    move_reason: str | None
    move_detail: str | None


def _moved(post_at: datetime, planned: datetime, rules: CalendarRules) -> _Move:
    if post_at == planned:
        return {"moved_from": None, "move_reason": None, "move_detail": None}
    reason = block_for(planned, rules)
    return {
        "moved_from": planned,
        "move_reason": reason.kind if reason else None,
        "move_detail": reason.name if reason else None,
    }


def _reminders(
    reminders: tuple[Reminder, ...], post_at: datetime, due_at: datetime, rules: CalendarRules
) -> tuple[datetime, ...]:
    """Reminder slots strictly between post and due, moved into allowed time, without duplicates."""
    slots = {next_allowed_slot(resolve_reminder(r, due_at, rules), rules) for r in reminders}
    return tuple(sorted(s for s in slots if post_at < s < due_at))


def expand(
    schedule: Schedule, adjustments: GroupAdjustments | None = None, rules: CalendarRules | None = None
) -> Calendar:
    """Date everything in `schedule` for one group (`rules` default to the programme's own)."""
    adjustments = adjustments or GroupAdjustments()
    rules = effective_rules(schedule, adjustments, rules)
    gatherings = date_gatherings(schedule, adjustments, rules)
    prompts: list[PromptOccurrence] = []
    skipped: list[str] = []
    for index, spec in enumerate(schedule.gatherings):
        anchors = anchors_for(gatherings, index)
        for slot in spec.between:
            original_key = f"{schedule.id}:{spec.id}:{slot.prompt}"
            if _lookup(adjustments.skip, original_key, slot.prompt):
                skipped.append(original_key)
                continue
            swapped = _lookup(adjustments.swap, original_key, slot.prompt)
            prompt_id = str(swapped) if swapped else slot.prompt
            change = adjustments.prompts.get(original_key) or adjustments.prompts.get(slot.prompt)
            occurrence = _occurrence(schedule, spec.id, slot, anchors, adjustments, rules, change)
            prompts.append(replace(
                occurrence, key=f"{schedule.id}:{spec.id}:{prompt_id}", prompt_id=prompt_id,
                swapped_from=slot.prompt if swapped else None,
            ))
    _check_unique(prompts)
    prompts.sort(key=lambda p: (p.post_at, p.key))
    milestones = _date_milestones(schedule, gatherings, rules)
    return Calendar(schedule.id, schedule.name, rules, gatherings, tuple(prompts), milestones, tuple(skipped))


def _occurrence(
    schedule: Schedule, gathering_id: str, slot: PromptSlot, anchors: Anchors,
    adjustments: GroupAdjustments, rules: CalendarRules, change: PromptChange | None = None,
) -> PromptOccurrence:
    """Date one slot: post moved into allowed time, due as planned, reminders between the two.

    A group's change moves the post to another day at the same wall-clock time (the deadline moves with it,
    so the time to answer is kept) and/or sets the deadline's day; a deadline before the post is refused.
    """
    planned = resolve_offset(slot.post, anchors, rules)
    post_at = next_allowed_slot(planned, rules)
    due_at = resolve_offset(slot.due, {**anchors, POST: (post_at, post_at)}, rules)
    if change is not None and change.post is not None:
        days = change.post - local(planned, rules).date()
        planned = at_local(change.post, local(planned, rules).time(), rules)
        post_at = next_allowed_slot(planned, rules)
        due_at = at_local(local(due_at, rules).date() + days, local(due_at, rules).time(), rules)
    if change is not None and change.due is not None:
        due_at = at_local(change.due, local(due_at, rules).time(), rules)
    if change is not None and due_at <= post_at:
        raise AdjustmentError(f"prompt {slot.prompt!r} would be due ({due_at:%Y-%m-%d %H:%M}) before it is posted "
                              f"({post_at:%Y-%m-%d %H:%M})")
    chosen = adjustments.reminders if adjustments.reminders is not None else slot.reminders
    reminders = _reminders(schedule.reminders if chosen is None else chosen, post_at, due_at, rules)
    return PromptOccurrence(
        key=f"{schedule.id}:{gathering_id}:{slot.prompt}", prompt_id=slot.prompt,
        post_at=post_at, due_at=due_at, reminders=reminders, gathering_id=gathering_id,
        **_moved(post_at, planned, rules),
    )


def _check_unique(prompts: list[PromptOccurrence]) -> None:
    seen: set[str] = set()
    for occurrence in prompts:
        if occurrence.key in seen:
            raise AdjustmentError(
                f"prompt {occurrence.prompt_id!r} would be posted twice after the same gathering"
            )
        seen.add(occurrence.key)


def _date_milestones(
    schedule: Schedule, gatherings: tuple[DatedGathering, ...], rules: CalendarRules
) -> tuple[DatedMilestone, ...]:
    anchors = {g.id: (g.start, g.end) for g in gatherings}
    dated = [
        DatedMilestone(
            key=f"{schedule.id}:milestone:{m.id}", milestone_id=m.id, title=m.title, kind=m.kind,
            due_at=resolve_offset(m.due, anchors, rules), owner=m.owner, checklist=m.checklist,
            description=m.description,
        )
        for m in schedule.milestones
    ]
    return tuple(sorted(dated, key=lambda m: (m.due_at, m.key)))
