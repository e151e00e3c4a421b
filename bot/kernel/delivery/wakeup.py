"""Wake-up: a row that is due now is sent within about a second, not at the next tick.

`enqueue` marks its transaction; when it commits, the dispatcher of this process is rung (the session's
`info` carries the bell), and on PostgreSQL a `NOTIFY` in the same transaction rings every other replica,
which `listen` hears on a connection of its own. Between rings the loop wakes for the earliest due row or
expiring claim. The scheduler's tick stays as the safety net; every delivery guarantee is the dispatcher's.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, func, text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Session
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import Select

from bot.clock import Clock
from bot.kernel.delivery.scheduler import Tick, Ticks
from bot.kernel.storage.engine import SessionFactory
from bot.kernel.storage.tables import ACCEPTED, InboundRequest, Outbox, OutboxStatus

log = logging.getLogger(__name__)

CHANNEL = "samskaping_outbox"
#: `Session.info` keys: the bell of the process (set by the session factory), and "this transaction added rows"
BELL, ADDED = "outbox_bell", "outbox_added"


def mark_added(session: AsyncSession) -> None:
    """Called by `enqueue`: ring when this transaction commits."""
    session.info[ADDED] = True


@event.listens_for(Session, "before_commit")
def _notify_replicas(session: Session) -> None:
    if session.info.get(ADDED) and session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": CHANNEL})  # delivered on commit


@event.listens_for(Session, "after_commit")
def _ring_here(session: Session) -> None:
    if session.info.pop(ADDED, False) and callable(bell := session.info.get(BELL)):
        bell()


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(ADDED, None)


@dataclass(frozen=True)
class Work:
    """What a tick may have to do, read in one statement: when the dispatcher next has work (the earliest
    pending row or expiring claim) and when an accepted inbound request's lease runs out (a replica that died
    while handling it), None for nothing."""

    outbox: datetime | None
    inbox: datetime | None


@functools.cache
def _probe() -> Select[datetime | None, datetime | None, datetime | None]:
    """The probe's statement, built once: building it cost as much as running it, on every tick."""
    due = select(func.min(col(Outbox.due_at))).where(col(Outbox.status) == OutboxStatus.PENDING.value)
    expiring = select(func.min(col(Outbox.lease_until))).where(col(Outbox.status) == OutboxStatus.CLAIMED.value)
    accepted = select(func.min(col(InboundRequest.lease_until))).where(col(InboundRequest.status) == ACCEPTED)
    return select(due.scalar_subquery(), expiring.scalar_subquery(), accepted.scalar_subquery())


async def probe(sessions: SessionFactory) -> Work:
    """One statement (each part reads its own index): this runs on every tick of every replica."""
    async with sessions() as session:
        pending, claimed, inbox = (await session.exec(_probe())).one()
    return Work(min((t for t in (pending, claimed) if t is not None), default=None), inbox)


async def next_due(sessions: SessionFactory) -> datetime | None:
    """When the dispatcher next has work: the earliest pending row, or the earliest claim that expires."""
    return (await probe(sessions)).outbox


class Wakeup:
    """Runs `deliver` through `ticks` when rung, and when the next row falls due (at most `longest` apart)."""

    def __init__(self, ticks: Ticks, deliver: Tick, due: Callable[[], Awaitable[datetime | None]], clock: Clock,
                 *, longest: float) -> None:
        self._ticks = ticks
        self._deliver = deliver
        self._due = due
        self._clock = clock
        self._longest = longest
        self._rung = asyncio.Event()

    def ring(self) -> None:
        """Deliver now (or right after the running tick); safe to call from any code on the event loop."""
        self._rung.set()

    async def run(self) -> None:
        """Forever (until cancelled): wait for a ring or the next due moment, then deliver."""
        while True:
            delay = await self._delay()  # first: cancelled here, no wait() coroutine is left unawaited
            try:
                await asyncio.wait_for(self._rung.wait(), timeout=delay)
            except TimeoutError:
                pass
            self._rung.clear()
            await self._ticks.run(self._deliver, "wake-up delivery")

    async def _delay(self) -> float:
        try:
            due = await self._due()
        except Exception as exc:  # the database is away: the longest wait, then look again
            log.warning("could not read when the outbox is next due: %s", type(exc).__name__)
            return self._longest
        if due is None:
            return self._longest
        seconds = (due.replace(tzinfo=due.tzinfo or UTC) - self._clock.now()).total_seconds()  # SQLite: naive UTC
        return min(self._longest, max(0.0, seconds + 0.01))


async def listen(engine: AsyncEngine, ring: Callable[[], None], *, check_every: float = 5.0) -> None:
    """PostgreSQL: hold a connection LISTENing on CHANNEL and ring on each notification; reconnect after a loss."""
    if engine.dialect.name != "postgresql":
        return

    while True:
        try:
            await _listen_until_lost(engine, ring)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("not listening for outbox notifications (%s)", type(exc).__name__)
        log.warning("the outbox notification connection is gone; listening again in %.0f s", check_every)
        await asyncio.sleep(check_every)


async def _listen_until_lost(engine: AsyncEngine, ring: Callable[[], None]) -> None:
    lost = asyncio.Event()

    def heard(*_: Any) -> None:
        ring()

    async with engine.connect() as connection:
        driver: Any = (await connection.get_raw_connection()).driver_connection  # asyncpg's connection
        driver.add_termination_listener(lambda *_: lost.set())
        await driver.add_listener(CHANNEL, heard)
        ring()  # rows may have come due while we were not listening
        try:
            await lost.wait()
        finally:
            if not driver.is_closed():
                await driver.remove_listener(CHANNEL, heard)
