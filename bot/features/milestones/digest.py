"""The digest's milestone section: milestones done, due and overdue per group in the week."""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.digest.section_values import MilestoneStatus
from bot.features.digest.sections import DigestScope
from bot.features.milestones.service import milestone_numbers


async def milestone_status(session: AsyncSession, scope: DigestScope) -> Mapping[int, MilestoneStatus]:
    """Milestones done, due and overdue per group in the digest's week."""
    numbers = await milestone_numbers(session, list(scope.group_ids), scope.start, scope.end)
    # A group without any of these this week has no milestone section (sections appear when data exists).
    return {gid: MilestoneStatus(done=d, due=due, overdue=o) for gid, (d, due, o) in numbers.items() if d or due or o}
