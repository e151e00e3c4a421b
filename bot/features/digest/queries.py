"""Aggregate queries behind the digest: every figure is a GROUP BY per group, never rows per person.

`where` is a condition on `Group` (a programme's groups, or one group); every query also filters on the
workspace. Medians use ROW_NUMBER/COUNT window functions, which SQLite and PostgreSQL both have.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, literal, or_
from sqlalchemy import func as f
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from bot.features.digest.themes import QuoteCandidate
from bot.features.prompts.tables import PromptPost, Reflection
from bot.kernel.rules.people import Role
from bot.kernel.storage.tables import Group, Member

# Leads and mentors may be members of a channel; they are not counted as the group's participants.
COUNTED_ROLES = (Role.PARTICIPANT.value, Role.COORDINATOR.value)
THEME_TEXT_LIMIT = 5000  # the week's texts read for themes, newest first (bounds memory)
RECENT = timedelta(days=7)  # where the newest answer is looked for first


@dataclass(frozen=True)
class GroupInfo:
    id: int
    municipality: str
    created_at: datetime


async def groups(session: AsyncSession, workspace_id: int, where: ColumnElement[bool]) -> list[GroupInfo]:
    found = await session.exec(select(Group.id, Group.municipality, Group.created_at)
                               .where(Group.workspace_id == workspace_id, where).order_by(col(Group.id)))
    return [GroupInfo(*row) for row in found.all()]


def _reflections(workspace_id: int, where: ColumnElement[bool], *columns: Any) -> Any:
    """SELECT columns FROM reflection JOIN prompt_post JOIN group, scoped to the workspace and groups, without
    the answers of leads and mentors (a small set to leave out, cheaper than joining every answer's member)."""
    uncounted = select(Member.id).where(Member.workspace_id == workspace_id, col(Member.role).not_in(COUNTED_ROLES))
    return (select(*columns).select_from(Reflection)
            .join(PromptPost, col(Reflection.post_id) == PromptPost.id)
            .join(Group, col(PromptPost.group_id) == Group.id)
            .where(Reflection.workspace_id == workspace_id, where, col(Reflection.member_id).not_in(uncounted)))


def _in_week(start: datetime, end: datetime) -> ColumnElement[bool]:
    return (col(PromptPost.post_at) >= start) & (col(PromptPost.post_at) < end)


def _answers_in_week(start: datetime, end: datetime) -> ColumnElement[bool]:
    """Answers to the prompts posted in [start, end). An answer never precedes its post, so the (redundant)
    range on the indexed `reflection.created_at` lets the database skip the older answers instead of
    reading a year of them to find a week's."""
    return _in_week(start, end) & (col(Reflection.created_at) >= start)


async def members_by_sector(session: AsyncSession, workspace_id: int, where: ColumnElement[bool], end: datetime,
                            earlier: datetime) -> tuple[dict[int, dict[str, int]], dict[int, int]]:
    """Members who had joined by `end`, counted per group and sector ('unknown' when not chosen), and per group
    how many of them had joined by `earlier` (the week before) — one pass over the members for both."""
    found = await session.exec(
        select(Member.group_id, Member.sector, f.count(), f.sum(case((col(Member.joined_at) < earlier, 1), else_=0)))
        .join(Group, col(Member.group_id) == Group.id)
        .where(Member.workspace_id == workspace_id, where, col(Member.role).in_(COUNTED_ROLES),
               Member.joined_at < end)
        .group_by(col(Member.group_id), col(Member.sector)))
    result: dict[int, dict[str, int]] = {}
    before: dict[int, int] = {}
    for group_id, sector, count, joined_before in found.all():
        result.setdefault(group_id, {})[sector or "unknown"] = int(count)
        before[group_id] = before.get(group_id, 0) + int(joined_before or 0)
    return result, before


async def post_counts(session: AsyncSession, workspace_id: int, where: ColumnElement[bool], start: datetime,
                      end: datetime) -> dict[int, int]:
    """Prompts posted per group in [start, end)."""
    found = await session.exec(
        select(PromptPost.group_id, f.count()).join(Group, col(PromptPost.group_id) == Group.id)
        .where(PromptPost.workspace_id == workspace_id, where, _in_week(start, end))
        .group_by(col(PromptPost.group_id)))
    return {gid: int(n) for gid, n in found.all()}


async def answer_counts(session: AsyncSession, workspace_id: int, where: ColumnElement[bool], before: datetime,
                        start: datetime, end: datetime) -> tuple[dict[int, int], dict[int, int]]:
    """Answers per group to the prompts posted in [start, end), and in the week before ([before, start)), in
    one query."""
    this_week = case((col(PromptPost.post_at) >= start, 1), else_=0)
    found = await session.exec(_reflections(workspace_id, where, PromptPost.group_id, this_week, f.count())
                               .where(_answers_in_week(before, end)).group_by(PromptPost.group_id, this_week))
    now: dict[int, int] = {}
    earlier: dict[int, int] = {}
    for gid, current, n in found.all():
        (now if current else earlier)[gid] = int(n)
    return now, earlier


async def last_activity(session: AsyncSession, workspace_id: int, where: ColumnElement[bool], end: datetime,
                        group_ids: Sequence[int], *, recent: timedelta = RECENT) -> dict[int, datetime]:
    """The newest reflection per group before `end`.

    First among the answers of the last `recent` days (a range on the indexed `reflection.created_at`): a group
    with an answer there has its newest one there. Only the groups without one are looked up over all time,
    so a national digest does not read a year of answers to find last week's.
    """
    latest = await _latest(session, workspace_id, where, (col(Reflection.created_at) < end)
                           & (col(Reflection.created_at) >= end - recent))
    quiet = sorted(set(group_ids) - latest.keys())
    if quiet:
        latest |= await _latest(session, workspace_id, where, (col(Reflection.created_at) < end)
                                & col(Group.id).in_(quiet))
    return latest


async def _latest(session: AsyncSession, workspace_id: int, where: ColumnElement[bool],
                  condition: ColumnElement[bool]) -> dict[int, datetime]:
    found = await session.exec(_reflections(workspace_id, where, PromptPost.group_id, f.max(Reflection.created_at))
                               .where(condition).group_by(PromptPost.group_id))
    return {gid: when for gid, when in found.all()}


async def median_lengths(session: AsyncSession, workspace_id: int, where: ColumnElement[bool], start: datetime,
                         end: datetime, *, per_group: bool = True) -> dict[int, float]:
    """Median answer length per group (or overall, under key 0) for the prompts posted in [start, end)."""
    gid = col(PromptPost.group_id) if per_group else literal(0)
    partition = col(PromptPost.group_id) if per_group else None
    ranked = _reflections(
        workspace_id, where, gid.label("gid"), col(Reflection.length).label("length"),
        f.row_number().over(order_by=col(Reflection.length), partition_by=partition).label("rn"),
        f.count().over(partition_by=partition).label("n"),
    ).where(_answers_in_week(start, end)).subquery()
    middle = or_(ranked.c.rn == (ranked.c.n + 1) // 2, ranked.c.rn == (ranked.c.n + 2) // 2)
    found = await session.exec(select(ranked.c.gid, f.avg(ranked.c.length)).where(middle).group_by(ranked.c.gid))
    return {int(gid): float(avg) for gid, avg in found.all() if avg is not None}


async def week_texts(session: AsyncSession, workspace_id: int, where: ColumnElement[bool], start: datetime,
                     end: datetime) -> Sequence[str]:
    """The week's reflection texts for theme extraction (bounded, newest first; no authors)."""
    texts: SelectOfScalar[str] = (_reflections(workspace_id, where, Reflection.text).where(_answers_in_week(start, end))
                                  .order_by(col(Reflection.created_at).desc()).limit(THEME_TEXT_LIMIT))
    found = await session.exec(texts)
    return list(found.all())


async def quote_candidates(session: AsyncSession, workspace_id: int, where: ColumnElement[bool], start: datetime,
                           end: datetime, sizes: dict[int, int]) -> list[QuoteCandidate]:
    """The week's reflections whose authors consented to anonymous quoting (text and group only)."""
    found = await session.exec(_reflections(workspace_id, where, Reflection.text, Group.municipality, Group.id)
                               .where(_answers_in_week(start, end), Reflection.quote_consent == True)  # noqa: E712
                               .order_by(col(Reflection.created_at).desc()).limit(200))
    return [QuoteCandidate(text, municipality, sizes.get(gid, 0)) for text, municipality, gid in found.all()]
