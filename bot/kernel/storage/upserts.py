"""INSERT … ON CONFLICT for SQLite and PostgreSQL: counters that replicas bump at once, rows added once."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.kernel.storage.tables import table_of


def _insert(session: AsyncSession, table: type[SQLModel], rows: list[dict[str, Any]]
            ) -> postgresql.Insert | sqlite.Insert:
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table).values(rows)
    return sqlite.insert(table).values(rows)


async def add_counts(session: AsyncSession, table: type[SQLModel], keys: tuple[str, ...],
                     rows: list[dict[str, Any]], counters: tuple[str, ...]) -> None:
    """Insert the rows, or add their counters to the rows with the same `keys` (atomic on both backends)."""
    if not rows:
        return
    statement = _insert(session, table, rows)
    columns = table_of(table).c
    statement = statement.on_conflict_do_update(
        index_elements=list(keys), set_={name: columns[name] + statement.excluded[name] for name in counters})
    await session.exec(statement)


async def add_once(session: AsyncSession, table: type[SQLModel], keys: tuple[str, ...], row: dict[str, Any]
                   ) -> bool:
    """Insert the row unless one with the same `keys` exists (a double click adds it once); True when added."""
    statement = _insert(session, table, [row]).on_conflict_do_nothing(index_elements=list(keys))
    return bool((await session.exec(statement)).rowcount)
