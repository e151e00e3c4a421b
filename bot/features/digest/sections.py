"""The extension point for optional digest sections: milestones, anchoring and jargon feed in from here.

A provider is an async function that receives the session and a `DigestScope` and returns, per group id,
one section value (`MilestoneStatus`, `AnchoringStatus` or `JargonTrend` from `section_values`). It must use
aggregate queries (GROUP BY group) and filter on `scope.workspace_id` and `scope.group_ids`. A feature
declares its providers in its `Feature(digest_sections=...)`; bootstrap hands them to the digest through
`AppContext.features`. A provider that fails (e.g. its table does not exist yet) is logged and left out; the
rest of the digest still appears.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.digest.section_values import Section
from bot.kernel.rules.weeks import IsoWeek

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DigestScope:
    """Which groups and which week a digest covers; `start`/`end` are the week's UTC bounds."""

    workspace_id: int
    group_ids: tuple[int, ...]
    week: IsoWeek
    start: datetime
    end: datetime


SectionProvider = Callable[[AsyncSession, DigestScope], Awaitable[Mapping[int, Section]]]

async def collect_sections(session: AsyncSession, scope: DigestScope,
                           providers: Sequence[SectionProvider]) -> dict[int, tuple[Section, ...]]:
    """Every provider's sections, grouped per group id; a failing provider is skipped (in a savepoint)."""
    found: dict[int, list[Section]] = {}
    for provider in providers:
        try:
            async with session.begin_nested():
                values = await provider(session, scope)
        except Exception:
            log.warning("digest section %s failed; left out", getattr(provider, "__name__", provider), exc_info=True)
            continue
        for group_id, section in values.items():
            found.setdefault(group_id, []).append(section)
    return {gid: tuple(sections) for gid, sections in found.items()}
