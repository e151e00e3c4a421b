"""INSERT … ON CONFLICT for SQLite and PostgreSQL: counters that replicas bump at once, rows added once."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession


def _insert(session: AsyncSession, table: type[SQLModel], rows: list[dict[str, Any]]) -> Any:
    dialect = postgresql if session.bind.dialect.name == "postgresql" else sqlite  # type: ignore[union-attr]
    return dialect.insert(table).values(rows)


async def add_counts(session: AsyncSession, table: type[SQLModel], keys: tuple[str, ...],
                     rows: list[dict[str, Any]], counters: tuple[str, ...]) -> None:
    """Insert the rows, or add their counters to the rows with the same `keys` (atomic on both backends)."""
    if not rows:
        return
    statement = _insert(session, table, rows)
    columns = table.__table__.c  # type: ignore[attr-defined]
    statement = statement.on_conflict_do_update(
        index_elements=list(keys), set_={name: columns[name] + statement.excluded[name] for name in counters})
    await session.exec(statement)


async def add_once(session: AsyncSession, table: type[SQLModel], keys: tuple[str, ...], row: dict[str, Any]
                   ) -> None:
    """Insert the row unless one with the same `keys` exists (a double click adds it once)."""
    statement = _insert(session, table, [row]).on_conflict_do_nothing(index_elements=list(keys))
    await session.exec(statement)
