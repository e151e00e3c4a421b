"""What the register keeps about a person: the entries they added. Erasure keeps the entries (they belong to
the group) and forgets who added them."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import col, select

from bot.features.sources.tables import SourceEntry
from bot.kernel.rules.redaction import Erasure
from bot.kernel.storage.tables import Group
from bot.kernel.storage.uow import UnitOfWork


async def erase_added_by(uow: UnitOfWork, erasure: Erasure) -> None:
    """`slett-mine-data`: the person's entries stay in their groups' registers, without their name."""
    await uow.session.exec(update(SourceEntry).where(
        col(SourceEntry.workspace_id) == erasure.workspace_id, col(SourceEntry.added_by) == erasure.user_id)
        .values(added_by=None))


async def export_added(uow: UnitOfWork, workspace_id: int, user_id: str) -> dict[str, object]:
    """`mine-data`: the entries the person added, with their group."""
    found = await uow.session.exec(select(SourceEntry, Group.municipality).join(
        Group, col(Group.id) == SourceEntry.group_id).where(
        SourceEntry.workspace_id == workspace_id, SourceEntry.added_by == user_id).order_by(col(SourceEntry.id)))
    return {"entries_added": [
        {"group": municipality, "number": e.number, "type": e.kind, "title": e.title, "link": e.link,
         "sector": e.sector, "owner": e.owner, "note": e.note, "added_at": e.created_at.isoformat()}
        for e, municipality in found.all()]}
