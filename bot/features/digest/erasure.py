"""What the digest forgets when a person erases their data: their programme roles (no digest goes to them)."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import col

from bot.features.digest.tables import ProgrammeRole
from bot.kernel.rules.redaction import Erasure
from bot.kernel.storage.uow import UnitOfWork


async def erase_digest_roles(uow: UnitOfWork, erasure: Erasure) -> None:
    await uow.session.exec(delete(ProgrammeRole).where(
        col(ProgrammeRole.workspace_id) == erasure.workspace_id, col(ProgrammeRole.user_id) == erasure.user_id))
