"""Programme-level authority: a programme's owners, set by the operator (`samskaping programme owner add`) or by
another owner in chat, are the only ones who appoint owners, leads and mentors. A group's coordinators run their
own group only; a lead or mentor reads the digest and appoints nobody. A programme always keeps one owner."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.errors import InvalidInput, NotAllowed
from bot.features.digest.tables import ProgrammeRole
from bot.kernel.storage.tables import Programme, id_of

OWNER, LEAD, MENTOR = "owner", "lead", "mentor"
REMOVE = "remove"


async def role_in(session: AsyncSession, programme: Programme, user_id: str) -> ProgrammeRole | None:
    found = await session.exec(select(ProgrammeRole).where(
        ProgrammeRole.workspace_id == programme.workspace_id, ProgrammeRole.programme_id == programme.id,
        ProgrammeRole.user_id == user_id))
    return found.first()


async def owners_of(session: AsyncSession, programme: Programme) -> list[ProgrammeRole]:
    found = await session.exec(select(ProgrammeRole).where(
        ProgrammeRole.workspace_id == programme.workspace_id, ProgrammeRole.programme_id == programme.id,
        ProgrammeRole.role == OWNER).order_by(col(ProgrammeRole.id)))
    return list(found.all())


async def require_owner(session: AsyncSession, programme: Programme, user_id: str) -> None:
    mine = await role_in(session, programme, user_id)
    if mine is None or mine.role != OWNER:
        raise NotAllowed("digest.owners_only", programme=programme.name)


async def set_programme_role(session: AsyncSession, programme: Programme, user_id: str, role: str, *,
                             language: str, now: datetime, display_name: str = "") -> ProgrammeRole | None:
    """Give `user_id` a role in the programme (or remove theirs); the last owner can be neither removed nor demoted.

    Returns the role row, or None when it was removed. The caller checks who may do this and commits."""
    current = await role_in(session, programme, user_id)
    if current is not None and current.role == OWNER and role != OWNER:
        if len(await owners_of(session, programme)) <= 1:
            raise InvalidInput("digest.last_owner", programme=programme.name)
    if role == REMOVE:
        if current is None:
            raise InvalidInput("digest.no_programme_role", user=user_id, programme=programme.name)
        await session.delete(current)
        return None
    row = current or ProgrammeRole(workspace_id=programme.workspace_id, programme_id=id_of(programme),
                                   user_id=user_id, language=language, display_name=display_name or user_id,
                                   created_at=now)
    row.role = role
    session.add(row)
    return row
