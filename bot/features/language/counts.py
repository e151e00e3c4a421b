"""Weekly jargon figures per group: messages checked, findings, terms and discovered words (counts only).

The digest reads them through `jargon_numbers` (the `jargon_trend` section is registered here);
coordinators see discovered words with `ordliste forslag`.
Counters are bumped with INSERT … ON CONFLICT DO UPDATE, so replicas counting at once never lose a message.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.digest.section_values import JargonTrend
from bot.features.digest.sections import DigestScope
from bot.features.language.engine import Finding
from bot.features.language.tables import CandidateCount, JargonCount, TermCount
from bot.kernel.rules.weeks import week_of
from bot.kernel.storage.tables import Group
from bot.kernel.storage.upserts import add_counts

MAX_LEMMA = 80


def week_start(moment: datetime, tz: str) -> date:
    """The local Monday of the week `moment` falls in: the key of every weekly counter."""
    return week_of(moment, tz).monday()


def _as_day(value: date | datetime) -> date:
    """A date as given; a datetime (e.g. the digest's UTC week bound) as the calendar day it is nearest to."""
    if isinstance(value, datetime):
        return (value + timedelta(hours=12)).date()
    return value


async def record_message(session: AsyncSession, group: Group, week: date, findings: Sequence[Finding],
                         candidates: Iterable[str]) -> None:
    """Count one checked message: its findings per term, and the rare words in no glossary."""
    owner = {"workspace_id": group.workspace_id, "group_id": group.id, "week_start": week}
    await add_counts(session, JargonCount, ("group_id", "week_start"),
                [{**owner, "messages": 1, "findings": len(findings)}], ("messages", "findings"))
    terms = Counter(f.lemma.lower()[:MAX_LEMMA] for f in findings)
    await add_counts(session, TermCount, ("group_id", "week_start", "lemma"),
                [{**owner, "lemma": lemma, "count": n} for lemma, n in sorted(terms.items())], ("count",))
    words = sorted({word.lower()[:MAX_LEMMA] for word in candidates})
    await add_counts(session, CandidateCount, ("group_id", "week_start", "lemma"),
                [{**owner, "lemma": word, "count": 1} for word in words], ("count",))


async def jargon_numbers(session: AsyncSession, group_ids: Sequence[int], week_start: date | datetime,
                         week_end: date | datetime, *, workspace_id: int | None = None) -> dict[int, tuple[int, int]]:
    """(messages checked, findings) per group for the weeks from `week_start` up to, not including, `week_end`.

    The bounds are local Mondays (dates) or the digest's UTC week bounds (datetimes, read as the nearest
    day). Every requested group is in the result, with (0, 0) when nothing was counted; findings per 100
    messages is `100 * findings / messages`, and a trend compares two calls for consecutive weeks
    (`jargon_trend` below does exactly that for the digest).
    """
    numbers = {group_id: (0, 0) for group_id in group_ids}
    if not group_ids:
        return numbers
    found = await session.exec(
        select(JargonCount.group_id, func.sum(JargonCount.messages), func.sum(JargonCount.findings))
        .where(col(JargonCount.group_id).in_(group_ids),
               JargonCount.week_start >= _as_day(week_start), JargonCount.week_start < _as_day(week_end))
        .where(True if workspace_id is None else JargonCount.workspace_id == workspace_id)
        .group_by(col(JargonCount.group_id)))
    for group_id, messages, findings in found.all():
        numbers[group_id] = (int(messages or 0), int(findings or 0))
    return numbers


async def jargon_trend(session: AsyncSession, scope: DigestScope) -> dict[int, JargonTrend]:
    """The digest's jargon section: findings and messages this week and the week before, per group with data."""
    now = await jargon_numbers(session, scope.group_ids, scope.start, scope.end, workspace_id=scope.workspace_id)
    before = await jargon_numbers(session, scope.group_ids, scope.start - timedelta(days=7), scope.start,
                                  workspace_id=scope.workspace_id)
    return {gid: JargonTrend(now[gid][1], now[gid][0], before[gid][1], before[gid][0])
            for gid in scope.group_ids if now[gid][0] or before[gid][0]}


async def top_terms(session: AsyncSession, group_id: int, since: date, limit: int = 10) -> list[tuple[str, int]]:
    """The terms found most often in a group since `since` (a local Monday), with their counts."""
    total = func.sum(TermCount.count)
    found = await session.exec(
        select(TermCount.lemma, total).where(TermCount.group_id == group_id, TermCount.week_start >= since)
        .group_by(TermCount.lemma).order_by(total.desc(), TermCount.lemma).limit(limit))
    return [(lemma, int(count)) for lemma, count in found.all()]


async def discovered_words(session: AsyncSession, group_id: int, since: date, *, min_count: int, limit: int
                           ) -> list[tuple[str, int]]:
    """Rare words seen in the group's messages since `since`, at least `min_count` times, most frequent first."""
    total = func.sum(CandidateCount.count)
    found = await session.exec(
        select(CandidateCount.lemma, total)
        .where(CandidateCount.group_id == group_id, CandidateCount.week_start >= since)
        .group_by(CandidateCount.lemma).having(total >= min_count)
        .order_by(total.desc(), CandidateCount.lemma).limit(limit))
    return [(lemma, int(count)) for lemma, count in found.all()]
