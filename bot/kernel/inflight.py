"""A count of work under way that others can wait out (acknowledgements, listener work)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager


class InFlight:
    """How many pieces of work are under way; `idle()` returns when none is."""

    def __init__(self) -> None:
        self._count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @contextmanager
    def during(self) -> Iterator[None]:
        """Count the block as under way."""
        self._count += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._count -= 1
            if not self._count:
                self._idle.set()

    @property
    def count(self) -> int:
        return self._count

    async def idle(self) -> None:
        """Return when nothing is under way."""
        await self._idle.wait()
