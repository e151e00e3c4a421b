"""Inbound once for the events the router does not handle (App Home opened, app removed): Slack retries an event
(at once, +1 min, +5 min) and Socket Mode redelivers it; each `(team_id, event_id)` is handled the first time
only, remembered for SLACK_EVENT_RETENTION_HOURS. Events the router handles go through the inbound inbox."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col

from bot.clock import Clock
from bot.kernel.storage.engine import SessionFactory
from bot.kernel.storage.tables import ProcessedEvent

log = logging.getLogger(__name__)


class EventLedger:
    """Records handled event ids in `processed_event`; the unique constraint decides who is first."""

    def __init__(self, sessions: SessionFactory, clock: Clock, retention: timedelta) -> None:
        self._sessions = sessions
        self._clock = clock
        self._retention = retention
        self._pruned: datetime | None = None

    async def first_time(self, source: str, event_id: str) -> bool:
        """True the first time `(source, event_id)` is seen (also when the database cannot tell)."""
        now = self._clock.now()
        try:
            async with self._sessions() as session:
                dialect = session.get_bind().dialect.name
                insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
                result = await session.exec(insert(ProcessedEvent).values(
                    source=source[:80], event_id=event_id[:128], received_at=now,
                ).on_conflict_do_nothing(index_elements=["source", "event_id"]))
                if self._pruned is None or now - self._pruned > timedelta(hours=1):
                    await session.exec(delete(ProcessedEvent).where(
                        col(ProcessedEvent.received_at) < now - self._retention))
                    self._pruned = now
                await session.commit()
        except Exception as exc:  # better to risk a repeat than to drop an event while the database is away
            log.warning("could not record slack event %s: %s", event_id, type(exc).__name__)
            return True
        return bool(result.rowcount)
