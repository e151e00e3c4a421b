"""Deadlines that fall where nobody works: a public holiday or one of the group's quiet periods.

A deadline is a commitment, so it is never moved silently; it is flagged when a schedule is validated,
when a group chooses a programme and when a coordinator moves a deadline, so a person can decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.kernel.programme.expand import Calendar
from bot.kernel.rules.calendar import Block, CalendarRules, day_block, local


@dataclass(frozen=True)
class DeadlineFlag:
    """A prompt whose due time lands on a holiday or in a quiet period (`block.name` says which)."""

    key: str
    prompt_id: str
    due_at: datetime
    block: Block


def deadline_block(due_at: datetime, rules: CalendarRules) -> Block | None:
    """The holiday or quiet period a deadline falls in, or None (weekends and hours are not flagged)."""
    block = day_block(local(due_at, rules).date(), rules)
    return block if block is not None and block.kind in ("holiday", "quiet") else None


def flagged_deadlines(calendar: Calendar, *, after: datetime | None = None) -> tuple[DeadlineFlag, ...]:
    """Every prompt in the calendar (due after `after`, when given) whose deadline is on a holiday or quiet day."""
    flags = []
    for occurrence in calendar.prompts:
        if after is not None and occurrence.due_at <= after:
            continue
        block = deadline_block(occurrence.due_at, calendar.rules)
        if block is not None:
            flags.append(DeadlineFlag(occurrence.key, occurrence.prompt_id, occurrence.due_at, block))
    return tuple(flags)


def describe(flag: DeadlineFlag) -> str:
    """A plain English line for the command line's warnings."""
    where = f"the public holiday {flag.block.name}" if flag.block.kind == "holiday" else (
        f"the quiet period {flag.block.name}" if flag.block.name else "a quiet period")
    return f"'{flag.prompt_id}' ({flag.key}) is due {flag.due_at:%Y-%m-%d %H:%M}, on {where}"
