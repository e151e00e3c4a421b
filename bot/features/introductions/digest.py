"""The digest's introductions section: per group, the introductions made so far and the share that met."""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.digest.section_values import IntroductionStatus
from bot.features.digest.sections import DigestScope
from bot.features.introductions.answers import MIN_SHOWN, met_share


async def introduction_status(session: AsyncSession, scope: DigestScope) -> Mapping[int, IntroductionStatus]:
    """Introductions made before the digest week ends, and how many led to a meeting (groups with at least
    MIN_SHOWN: a share over fewer would point at people)."""
    shares = await met_share(session, list(scope.group_ids), until=scope.end)
    return {gid: IntroductionStatus(made=made, met=met) for gid, (met, made) in shares.items() if made >= MIN_SHOWN}
