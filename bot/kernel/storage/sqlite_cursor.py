"""SQLite statements in one trip to aiosqlite's thread instead of four.

aiosqlite runs every call on its own thread: SQLAlchemy's adapter makes one trip to create a cursor, one to
execute, one to fetch the rows and one to close the cursor, and each trip wakes the event loop through a
pipe. On a small installation nearly all of a tick's time went there. Here the whole statement (cursor,
execute, fetch, close) is one function run on that thread; what the statement left behind (description, row
count, last row id) is kept for SQLAlchemy to read. Everything else is SQLAlchemy's aiosqlite adapter
unchanged, including its per-connection mutex and error translation. PostgreSQL is not concerned.

Pinned by requirements.lock (SQLAlchemy 2.1, aiosqlite 0.22); tests/kernel/storage/test_sqlite_cursor.py
checks the behaviour SQLAlchemy relies on, and every test on SQLite runs through it.
"""

from __future__ import annotations

import collections
from typing import Any

from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_connection, AsyncAdapt_aiosqlite_cursor


class _Ran:
    """What one statement left behind; its sqlite3 cursor is already closed on the database thread."""

    __slots__ = ("arraysize", "description", "lastrowid", "rowcount")

    def __init__(self) -> None:
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self.arraysize = 1

    def close(self) -> None:
        """Nothing left to close."""


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """SQLAlchemy's aiosqlite cursor, each statement run in one trip to the database thread."""

    __slots__ = ()
    _awaitable_cursor_close = False

    def _make_new_cursor(self, connection: Any) -> Any:
        return _Ran()

    def _aenter_cursor(self, cursor: Any) -> Any:
        return cursor

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        rows = await self._run(lambda raw: raw.execute(operation, () if parameters is None else parameters))
        if rows is not None:
            self._rows = collections.deque(rows)
        return self._cursor

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        await self._run(lambda raw: raw.executemany(operation, seq_of_parameters))
        return self._cursor

    async def _run(self, statement: Any) -> list[Any] | None:
        """Run `statement` on a fresh sqlite3 cursor on aiosqlite's thread; the rows if it returned any."""
        ran: _Ran = self._cursor  # type: ignore[assignment]
        connection: Any = self._connection

        def on_thread() -> list[Any] | None:
            raw = connection._conn.cursor()  # noqa: SLF001 - the sqlite3 connection aiosqlite runs
            try:
                statement(raw)
                rows = raw.fetchall() if raw.description else None
                ran.description, ran.rowcount, ran.lastrowid = raw.description, raw.rowcount, raw.lastrowid
                return rows
            finally:
                raw.close()

        async with self._adapt_connection._execute_mutex:  # noqa: SLF001 - as SQLAlchemy's own cursor does
            result: list[Any] | None = await connection._execute(on_thread)  # noqa: SLF001
            return result


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """SQLAlchemy's aiosqlite connection whose cursors make one trip per statement."""

    __slots__ = ()
    _cursor_cls = OneTripCursor


def use_one_trip_cursors(dbapi_connection: Any) -> None:
    """Called on each new SQLite connection (same layout, so its class can be swapped in place)."""
    if type(dbapi_connection) is AsyncAdapt_aiosqlite_connection:
        dbapi_connection.__class__ = OneTripConnection
