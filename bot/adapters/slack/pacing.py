"""Send at Slack's pace without waiting to be told: per-channel spacing and per-workspace budgets.

Each key (a channel, or a workspace and method tier) has a next-free moment on the monotonic clock; a
send reserves every key it touches at once, so concurrent senders queue up instead of bursting. A 429
pauses the key for Retry-After, so nothing is sent to that tier before it ends.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.errors import DeliveryError


@dataclass
class Pacer:
    """Spacing per key; waits up to `max_wait` seconds inline, longer waits are deferred to the outbox."""

    max_wait: float
    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep
    _free_at: dict[str, float] = field(default_factory=dict)

    def reserve(self, spacing: dict[str, float]) -> float:
        """Reserve the next slot for every key; returns how long to wait before sending."""
        now = self.monotonic()
        wait = max([0.0, *(self._free_at.get(key, now) - now for key in spacing)])
        if wait > self.max_wait:
            raise DeliveryError("paced", retry_after=round(wait, 3))
        slot = now + wait
        for key, interval in spacing.items():
            self._free_at[key] = max(self._free_at.get(key, slot), slot) + interval
        return wait

    async def take(self, spacing: dict[str, float]) -> None:
        """Wait for a slot (or raise DeliveryError with retry_after when it is too far away)."""
        wait = self.reserve(spacing)
        if wait > 0:
            await self.sleep(wait)

    def pause(self, key: str, seconds: float) -> None:
        """Nothing goes to `key` for `seconds` (after a 429 with Retry-After)."""
        self._free_at[key] = max(self._free_at.get(key, 0.0), self.monotonic() + seconds)
