"""On SQLite only one `samskaping serve` may run per database file; a second exits with a clear message."""

from __future__ import annotations

import fcntl
from pathlib import Path
from types import TracebackType
from typing import IO

from sqlalchemy.engine import make_url

from bot.settings import Settings


class AlreadyServing(SystemExit):
    """Another process already serves this SQLite database."""


class SingleServeLock:
    """An exclusive lock file beside the SQLite database (no-op for PostgreSQL)."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._handle: IO[str] | None = None

    @classmethod
    def for_settings(cls, settings: Settings) -> SingleServeLock:
        if not settings.is_sqlite:
            return cls(None)
        database = make_url(settings.database_url).database
        if not database or database == ":memory:":
            return cls(None)
        return cls(Path(database).resolve().with_suffix(".serve.lock"))

    def __enter__(self) -> SingleServeLock:
        if self._path is None:
            return self
        self._handle = self._path.open("w")
        try:
            fcntl.flock(self._handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AlreadyServing(
                f"Another 'samskaping serve' already uses this SQLite database ({self._path.stem}). "
                "SQLite supports one serving process; use PostgreSQL (DATABASE_URL=postgresql+asyncpg://…) "
                "for several replicas."
            ) from None
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._handle is not None:
            self._handle.close()
