"""The hook for the gathering notes: the register entries a group added in a period, grouped by sector.

`entries_for_notes(session, group_id, since, until)` is what the notes feature calls (it declares
`needs=("sources",)`); it returns plain values, without who added an entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.sources.rules import by_sector
from bot.features.sources.tables import SourceEntry


@dataclass(frozen=True)
class NotedSource:
    """One entry as the notes show it."""

    number: int
    kind: str
    title: str
    sector: str | None
    link: str | None
    note: str | None


async def entries_for_notes(session: AsyncSession, group_id: int, since: datetime | None = None,
                            until: datetime | None = None) -> list[tuple[str, list[NotedSource]]]:
    """Entries added in [since, until) (the whole register when both are None), grouped by sector ("" last)."""
    query = select(SourceEntry).where(SourceEntry.group_id == group_id)
    if since is not None:
        query = query.where(col(SourceEntry.created_at) >= since)
    if until is not None:
        query = query.where(col(SourceEntry.created_at) < until)
    found = (await session.exec(query)).all()
    return by_sector(NotedSource(e.number, e.kind, e.title, e.sector, e.link, e.note) for e in found)
