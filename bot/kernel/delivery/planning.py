"""Planning on every tick, and planners that rest while nothing can be due.

A planner (or tick job) may return the earliest moment at which it can have work again, the data staying as
it is; `UNTIL_CHANGED` when only a change of the data can give it work; `Timed(moment)` when only time can;
anything else (a count, None) means "ask me again at the next tick". A resting planner is asked again before
its moment when

- this process has written any row since the planner answered (a command, an answer; not for `Timed`; the
  planners' and the dispatcher's own writes do not count, since no planner plans from another's rows or from
  the outbox's states, except the report of people out of reach: a send that failed for good wakes all),
- the content was reloaded (`forget`),
- a local midnight passed in the settings' zone, a group's zone or UTC (pauses, holidays and "today" change
  then, so no planner has to foresee dates), or
- `longest` seconds of real time passed (not for `Timed`): other replicas' writes are not counted here, and
  every replica's planners make the same keyed rows, so the replica that wrote plans at once and the others
  within this bound.

An earlier moment than the truth only costs a tick of work; a later one would delay a message, so planners
answer conservatively.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.kernel.context import AppContext
from bot.kernel.delivery.unreachable import report_unreachable
from bot.kernel.storage.changes import WriteCount, unseen
from bot.kernel.storage.tables import Group
from bot.kernel.storage.uow import UnitOfWork

#: a planner's answer that only a change of the data can give it work
UNTIL_CHANGED = datetime.max.replace(tzinfo=UTC)
#: real seconds after which every planner is asked again, whatever it said (other replicas' writes)
LONGEST_REST = 60.0


def next_midnight(now: datetime, zones: Iterable[str]) -> datetime:
    """The first local midnight after `now` in any of `zones`."""
    moments = []
    for name in zones:
        local = now.astimezone(ZoneInfo(name))
        midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), local.tzinfo)
        moments.append(midnight.astimezone(UTC))
    return min(moments, default=now)


def earliest(moments: Iterable[datetime], now: datetime) -> datetime:
    """The first of `moments` after `now`, or UNTIL_CHANGED: a planner's answer from its known moments."""
    return min((m for m in moments if m > now), default=UNTIL_CHANGED)


@dataclass(frozen=True)
class Timed:
    """A planner's answer that only time gives it work: it rests until `until` whatever is written."""

    until: datetime


class Rests:
    """Which planners rest until when, and the write count and real time they answered at."""

    def __init__(self, writes: WriteCount, *, longest: float = LONGEST_REST,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._writes = writes
        self._longest = longest
        self._monotonic = monotonic
        #: planner → (until, the write count it answered at or None for `Timed`, real time it answered at)
        self._until: dict[object, tuple[datetime, int | None, float]] = {}
        #: the time zones whose midnights end every rest, and the write count they were read at
        self.zones: tuple[int, set[str]] | None = None

    @property
    def writes(self) -> int:
        return self._writes.value

    def resting(self, planner: object, now: datetime) -> bool:
        entry = self._until.get(planner)
        if entry is None:
            return False
        until, seen, since = entry
        if seen is None:  # `Timed`: neither writes nor other replicas matter
            return now < until
        return now < until and seen == self._writes.value and self._monotonic() - since < self._longest

    def record(self, planner: object, answer: object, *, writes: int, midnight: datetime) -> None:
        """Keep the planner's answer (capped at `midnight`) if it named a moment, else ask it every tick."""
        if isinstance(answer, datetime):
            self._until[planner] = (min(answer, midnight), writes, self._monotonic())
        elif isinstance(answer, Timed):
            self._until[planner] = (min(answer.until, midnight), None, self._monotonic())
        else:
            self._until.pop(planner, None)

    def forget(self) -> None:
        """Ask every planner at the next tick (the content changed, or a send failed for good)."""
        self._until.clear()


async def _unreachable(uow: UnitOfWork, ctx: AppContext) -> datetime:
    """The kernel's own planner: coordinators hear about people out of reach. It reads the outbox's failures,
    which the dispatcher writes without waking planners: `Rests.failed` wakes everyone instead."""
    await report_unreachable(uow, ctx)
    return UNTIL_CHANGED


async def _zones(uow: UnitOfWork, ctx: AppContext, rests: Rests) -> set[str]:
    """UTC, the settings' zone and the groups' zones (read again only after a write)."""
    if rests.zones is None or rests.zones[0] != rests.writes:
        found = await uow.session.exec(select(Group.timezone).distinct())
        rests.zones = (rests.writes, {"UTC", ctx.settings.timezone, *found.all()})
    return rests.zones[1]


async def plan(ctx: AppContext, rests: Rests | None = None) -> bool:
    """Every feature's planners that are not resting, in one unit of work (their rows are keyed, so a second
    run adds nothing), the kernel's report of people the bot cannot reach, then the features' own jobs
    (weekly digests) in their own transactions. Their own writes do not wake them: each answer accounts for
    what its planner wrote (no planner's writes give another one work). Returns whether any of them ran."""
    now = ctx.clock.now()
    writes = rests.writes if rests is not None else 0
    due = [p for p in (*ctx.features.planners, _unreachable) if rests is None or not rests.resting(p, now)]
    answers: list[tuple[object, object]] = []
    zones = {"UTC", ctx.settings.timezone}
    with unseen():
        if due:
            async with ctx.uow() as uow:
                answers = [(planner, await planner(uow, ctx)) for planner in due]
                if rests is not None:
                    zones = await _zones(uow, ctx, rests)
                await uow.commit()
        for job in ctx.features.tick_jobs:
            if rests is None or not rests.resting(job, now):
                answers.append((job, await job(ctx)))
    if rests is not None:
        midnight = next_midnight(now, zones)
        for who, answer in answers:
            rests.record(who, answer, writes=writes, midnight=midnight)
    return bool(answers)
