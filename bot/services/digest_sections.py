"""The extension point for optional digest sections: milestones, anchoring and jargon feed in from here.

A provider is an async function that receives the session and a `DigestScope` and returns, per group id,
one section value (`MilestoneStatus`, `AnchoringStatus` or `JargonTrend` from `bot.core.digest_sections`).
It must use aggregate queries (GROUP BY group) and filter on `scope.workspace_id` and `scope.group_ids`.

    from bot.services.digest_sections import register_section

    @register_section
    async def milestone_status(session, scope):
        rows = await session.exec(select(Milestone.group_id, ...).where(...).group_by(Milestone.group_id))
        return {gid: MilestoneStatus(done, due, overdue) for gid, done, due, overdue in rows}

Register at import time of the feature's service module (imported by `bootstrap`). A provider that fails
(e.g. its table does not exist yet) is logged and left out; the rest of the digest still appears.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core.digest_sections import Section
from bot.core.weeks import IsoWeek

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

SECTION_PROVIDERS: list[SectionProvider] = []


def register_section(provider: SectionProvider) -> SectionProvider:
    """Add a provider (once); usable as a decorator."""
    if provider not in SECTION_PROVIDERS:
        SECTION_PROVIDERS.append(provider)
    return provider


async def collect_sections(session: AsyncSession, scope: DigestScope,
                           providers: list[SectionProvider] | None = None) -> dict[int, tuple[Section, ...]]:
    """Every provider's sections, grouped per group id; a failing provider is skipped (in a savepoint)."""
    found: dict[int, list[Section]] = {}
    for provider in SECTION_PROVIDERS if providers is None else providers:
        try:
            async with session.begin_nested():
                values = await provider(session, scope)
        except Exception:
            log.warning("digest section %s failed; left out", getattr(provider, "__name__", provider), exc_info=True)
            continue
        for group_id, section in values.items():
            found.setdefault(group_id, []).append(section)
    return {gid: tuple(sections) for gid, sections in found.items()}
