"""APScheduler rings the bell: it calls the planner and the dispatcher; the database says what is due."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger(__name__)


def create_scheduler(tick: Callable[[], Awaitable[object]], *, interval_seconds: float, timezone: str
                     ) -> AsyncIOScheduler:
    """A scheduler that runs `tick` every interval, never two at once, skipping missed runs."""
    scheduler = AsyncIOScheduler(timezone=ZoneInfo(timezone))

    async def _safe_tick() -> None:
        try:
            await tick()
        except Exception:  # the next tick retries; the database keeps what is due
            log.exception("tick failed")

    scheduler.add_job(_safe_tick, "interval", seconds=interval_seconds, id="tick",
                      max_instances=1, coalesce=True, misfire_grace_time=None)
    return scheduler
