"""The digest's anchoring section: stakeholders per group, by direction (sideways/up/down) and by relation."""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.anchoring.stakeholders import anchoring_numbers
from bot.features.digest.section_values import AnchoringStatus
from bot.features.digest.sections import DigestScope

#: the anchoring map's directions (Norwegian, as users type them) → the digest's section keys
DIRECTION_KEYS = {"sideveis": "sideways", "oppover": "up", "nedover": "down"}


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
