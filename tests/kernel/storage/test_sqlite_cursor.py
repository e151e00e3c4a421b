"""The one-trip SQLite cursor behaves as SQLAlchemy's own: rows, row counts, ids, errors, transactions."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.kernel.storage.engine import create_engine
from bot.kernel.storage.sqlite_cursor import OneTripConnection


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/one.db")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE thing (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL)"))
    yield engine
    await engine.dispose()


async def test_connections_use_the_one_trip_cursor(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        assert isinstance(raw.dbapi_connection, OneTripConnection)


async def test_rows_counts_and_ids_come_back(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        inserted = await connection.execute(text("INSERT INTO thing (name) VALUES ('a')"))
        assert inserted.lastrowid == 1 and inserted.rowcount == 1
        await connection.execute(text("INSERT INTO thing (name) VALUES (:name)"), [{"name": "b"}, {"name": "c"}])
        updated = await connection.execute(text("UPDATE thing SET name = name || '!' WHERE id > 1"))
        assert updated.rowcount == 2
        returned = await connection.execute(text("INSERT INTO thing (name) VALUES ('d') RETURNING id, name"))
        assert returned.all() == [(4, "d")]
        rows = await connection.execute(text("SELECT id, name FROM thing ORDER BY id"))
        assert list(rows.keys()) == ["id", "name"]
        assert rows.all() == [(1, "a"), (2, "b!"), (3, "c!"), (4, "d")]
        none = await connection.execute(text("SELECT id FROM thing WHERE id > 99"))
        assert none.all() == []


async def test_errors_are_translated_and_roll_back(engine: AsyncEngine) -> None:
    with pytest.raises(IntegrityError):
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO thing (name) VALUES ('x')"))
            await connection.execute(text("INSERT INTO thing (name) VALUES ('x')"))
    async with engine.connect() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM thing"))).scalar_one() == 0
