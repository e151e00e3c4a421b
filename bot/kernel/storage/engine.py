"""The async engine: SQLite in WAL mode with a busy timeout, or PostgreSQL via asyncpg."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import DataError, DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.kernel.storage.sqlite_cursor import use_one_trip_cursors

SessionFactory = async_sessionmaker[AsyncSession]


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers work while the dispatcher writes; the busy timeout turns lock contention
    # into a short wait instead of "database is locked".
    use_one_trip_cursors(dbapi_connection)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """Build the engine for `url` (nothing connects until first use).

    `hide_parameters` keeps values (reflections, names) out of error messages and logs. The pool does not
    roll back a connection it gets back: sessions and connections end their own transactions when they close
    (SQLAlchemy 2), so that ROLLBACK would be one more round trip, on every commit, with nothing to undo.
    """
    if url.startswith("sqlite"):
        engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30}, hide_parameters=True,
                                     pool_reset_on_return=None)
        event.listen(engine.sync_engine, "connect", _tune_sqlite)
        return engine
    return create_async_engine(url, echo=echo, pool_pre_ping=True, pool_size=20, max_overflow=10,
                               hide_parameters=True, pool_reset_on_return=None)


def session_factory(engine: AsyncEngine, info: dict[str, Any] | None = None) -> SessionFactory:
    """Sessions that keep loaded values after commit (we pass records around); `info` is in every session's."""
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False, info=info or {})


def refused_value(exc: BaseException) -> bool:
    """True when the database (or its driver) refused a value as out of range or malformed, not a failure:
    PostgreSQL's data exceptions (class 22), and asyncpg's check of an argument (an id beyond int32)."""
    if isinstance(exc, DataError):
        return True
    return isinstance(exc, DBAPIError) and "invalid input for query argument" in str(exc.orig)
