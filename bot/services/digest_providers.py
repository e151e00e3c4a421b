"""Digest sections fed by the milestone, anchoring and language features (registered at import)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core.digest_sections import AnchoringStatus, MilestoneStatus
from bot.services.anchoring import anchoring_numbers
from bot.services.digest_sections import DigestScope, register_section
from bot.services.milestones import milestone_numbers

#: the anchoring map's directions (Norwegian, as users type them) → the digest's section keys
DIRECTION_KEYS = {"sideveis": "sideways", "oppover": "up", "nedover": "down"}


@register_section
async def milestone_status(session: AsyncSession, scope: DigestScope) -> Mapping[int, MilestoneStatus]:
    """Milestones done, due and overdue per group in the digest's week."""
    numbers = await milestone_numbers(session, list(scope.group_ids), scope.start, scope.end)
    # A group without any of these this week has no milestone section (sections appear when data exists).
    return {gid: MilestoneStatus(done=d, due=due, overdue=o) for gid, (d, due, o) in numbers.items() if d or due or o}


@register_section
async def anchoring_status(session: AsyncSession, scope: DigestScope) -> Mapping[int, AnchoringStatus]:
    """Stakeholders per group, counted by direction and by relation."""
    numbers = await anchoring_numbers(session, list(scope.group_ids))
    sections = {}
    for gid, by_direction in numbers.items():
        if not any(sum(counts.values()) for counts in by_direction.values()):
            continue  # no stakeholder map yet: no section
        relations: dict[str, int] = {}
        for counts in by_direction.values():
            for relation, count in counts.items():
                relations[relation] = relations.get(relation, 0) + count
        sections[gid] = AnchoringStatus(by_direction={DIRECTION_KEYS.get(d, d): sum(c.values())
                                                      for d, c in by_direction.items()},
                                        by_relation=relations)
    return sections
