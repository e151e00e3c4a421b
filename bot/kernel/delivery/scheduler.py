"""APScheduler rings the bell: it calls the planner and the dispatcher; the database says what is due.

Ticks run one at a time in a task of their own (`Ticks`), so a scheduler that shuts down cannot cancel a
tick in the middle of a platform call: shutdown waits for it, bounded, instead.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger(__name__)

Tick = Callable[[], Awaitable[object]]


class Ticks:
    """One tick at a time (the scheduler's and the wake-ups'), each in its own task that callers only await."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._running: asyncio.Task[object] | None = None

    async def run(self, tick: Tick, what: str = "tick") -> None:
        """Run `tick` after any running one; a failure is logged (the next tick retries, the database keeps
        what is due). Cancelling the caller does not cancel the tick."""
        async with self._lock:
            if self._running is not None and not self._running.done():  # its caller was cancelled
                await asyncio.gather(asyncio.shield(self._running), return_exceptions=True)
            self._running = asyncio.ensure_future(tick())
            try:
                await asyncio.shield(self._running)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("%s failed", what)

    async def finish(self, grace: float) -> bool:
        """Wait up to `grace` seconds for the running tick, then cancel it; True when it finished by itself."""
        task = self._running
        if task is None or task.done():
            return True
        done, _ = await asyncio.wait({task}, timeout=grace)
        if done:
            return True
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        return False


def create_scheduler(tick: Tick, ticks: Ticks, *, interval_seconds: float, timezone: str) -> AsyncIOScheduler:
    """A scheduler that runs `tick` (through `ticks`) every interval, never two at once, skipping missed runs."""
    scheduler = AsyncIOScheduler(timezone=ZoneInfo(timezone))

    async def _tick() -> None:
        await ticks.run(tick)

    scheduler.add_job(_tick, "interval", seconds=interval_seconds, id="tick",
                      max_instances=1, coalesce=True, misfire_grace_time=None)
    return scheduler
