"""A count of the rows this process has written, so work that depends only on the data and the time can rest.

Every statement that inserts, updates or deletes at least one row adds to the engine's count, whoever runs it
(a command, the dispatcher, a planner). Rolled-back writes count too: the count may only say "something may
have changed", never miss a change. Other replicas' writes are not seen; see `bot.kernel.planning`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

#: a writing statement and its table (SQLAlchemy writes one table per statement, quoted when it must)
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+("[^"]+"|\S+)', re.IGNORECASE)
#: true in the task (and its statements) that runs the planners; other tasks keep their own value
_UNSEEN: ContextVar[bool] = ContextVar("writes_unseen", default=False)


@contextmanager
def unseen() -> Iterator[None]:
    """Writes of this task inside the block are not counted."""
    token = _UNSEEN.set(True)
    try:
        yield
    finally:
        _UNSEEN.reset(token)


class WriteCount:
    """How many writing statements the engine has run since it was watched (not counting `inert` tables)."""

    def __init__(self, inert: Iterable[str] = ()) -> None:
        self.value = 0
        self._inert = frozenset(inert)

    def _after_execute(self, _conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if _UNSEEN.get() or cursor.rowcount == 0:  # -1 (unknown) counts
            return
        found = _WRITE.match(statement)
        if found is not None and found.group(1).strip('"').lower() not in self._inert:
            self.value += 1


def watch_writes(engine: AsyncEngine, inert: Iterable[str] = ()) -> WriteCount:
    """Start counting the writes `engine` runs to tables other than `inert`."""
    count = WriteCount(inert)
    event.listen(engine.sync_engine, "after_cursor_execute", count._after_execute)  # noqa: SLF001
    return count
