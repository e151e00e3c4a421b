"""Stay inside Microsoft's Bot Connector limits before asking, instead of collecting 429s afterwards.

Per conversation at most 7 messages a second, 60 per 30 seconds and 1800 per hour; per tenant 50 requests
a second (figures from the Teams rate-limit documentation; all are settings).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.settings import Settings

Window = tuple[float, int]  # (seconds, at most this many)


@dataclass
class Pacer:
    """Sliding-window limits per conversation and per tenant; `acquire` waits until a send is allowed."""

    conversation_windows: tuple[Window, ...] = ((1.0, 7), (30.0, 60), (3600.0, 1800))
    tenant_windows: tuple[Window, ...] = ((1.0, 50),)
    now: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _sent: dict[tuple[str, str], deque[float]] = field(default_factory=dict)

    async def acquire(self, tenant: str, conversation: str) -> float:
        """Wait for a free slot for both keys, take it, and return how long we waited."""
        waited = 0.0
        while True:
            now = self.now()
            wait = max(self._wait(("c", conversation), self.conversation_windows, now),
                       self._wait(("t", tenant), self.tenant_windows, now))
            if wait <= 0:
                self._take(("c", conversation), now)
                self._take(("t", tenant), now)
                return waited
            waited += wait
            await self.sleep(wait)

    def _wait(self, key: tuple[str, str], windows: tuple[Window, ...], now: float) -> float:
        sent = self._sent.get(key)
        if not sent:
            return 0.0
        longest = max(seconds for seconds, _ in windows)
        while sent and sent[0] <= now - longest:
            sent.popleft()
        wait = 0.0
        for seconds, limit in windows:
            recent = [t for t in sent if t > now - seconds] if len(sent) >= limit else []
            if len(recent) >= limit:
                wait = max(wait, recent[-limit] + seconds - now)
        return wait

    def _take(self, key: tuple[str, str], now: float) -> None:
        self._sent.setdefault(key, deque()).append(now)
        if len(self._sent) > 50_000:  # forget idle conversations now and then
            horizon = now - 3600.0
            for stale in [k for k, v in self._sent.items() if not v or v[-1] <= horizon]:
                del self._sent[stale]


def pacer_from_settings(settings: Settings) -> Pacer:
    """A pacer with the limits from settings (so tests and benches can scale them)."""
    return Pacer(
        conversation_windows=((1.0, settings.teams_rate_conversation_second),
                              (30.0, settings.teams_rate_conversation_30s),
                              (3600.0, settings.teams_rate_conversation_hour)),
        tenant_windows=((1.0, settings.teams_rate_tenant_second),),
    )
