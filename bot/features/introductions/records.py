"""Reading a group's introductions: its setting, opt-outs, eligible members and who has met whom."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, or_
from sqlmodel import col, select

from bot.features.introductions.rules import Candidate
from bot.features.introductions.tables import IntroMatch, IntroOptOut, IntroRound, IntroSetting
from bot.kernel.rules.people import Role
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Group, Member
from bot.kernel.storage.uow import UnitOfWork

#: who is introduced: participants and coordinators (leads and mentors follow from outside)
INTRODUCED_ROLES = (Role.PARTICIPANT.value, Role.COORDINATOR.value)


async def setting_of(uow: UnitOfWork, group: Group) -> IntroSetting | None:
    return (await uow.session.exec(select(IntroSetting).where(IntroSetting.group_id == group.id))).first()


async def opted_out(uow: UnitOfWork, group: Group) -> set[int]:
    found = await uow.session.exec(select(IntroOptOut.member_id).where(IntroOptOut.group_id == group.id))
    return set(found.all())


def is_paused(member: Member, today: date) -> bool:
    return member.paused_until is not None and today <= member.paused_until


async def eligible(uow: UnitOfWork, group: Group, today: date) -> list[Member]:
    """Active members who take part, have not opted out and are not pausing."""
    out = await opted_out(uow, group)
    return [m for m in await queries.members(uow.session, group)
            if m.role in INTRODUCED_ROLES and m.id not in out and not is_paused(m, today)]


def candidates(members: list[Member]) -> list[Candidate]:
    """The pairing's view of members: their row id, sector and group (their home when two groups meet)."""
    return [Candidate(int(m.id or 0), m.sector, m.group_id) for m in members]


async def meetings(uow: UnitOfWork, members: list[Member]) -> dict[int, set[int]]:
    """Who these members have been introduced to, both ways, in any round: their group's own, or one made together
    with another municipality's group (whose rounds are counted where they were made)."""
    met: dict[int, set[int]] = {}
    keys = [m.id for m in members]
    found = await uow.session.exec(select(IntroMatch).where(or_(
        col(IntroMatch.member_a).in_(keys), col(IntroMatch.member_b).in_(keys), col(IntroMatch.member_c).in_(keys))))
    for match in found.all():
        ids = match.member_ids
        for a in ids:
            met.setdefault(a, set()).update(b for b in ids if b != a)
    return met


async def last_round(uow: UnitOfWork, group: Group) -> IntroRound | None:
    found = await uow.session.exec(select(IntroRound).where(IntroRound.group_id == group.id)
                                   .order_by(col(IntroRound.number).desc()))
    return found.first()


async def round_count(uow: UnitOfWork, group: Group) -> int:
    found = await uow.session.exec(select(func.count()).select_from(IntroRound).where(IntroRound.group_id == group.id))
    return int(found.one())


def next_round_at(setting: IntroSetting, last: IntroRound | None, period_days: int) -> datetime:
    """When the next round is due: right after turning on, then one period after the last round."""
    if last is None:
        return setting.changed_at
    return last.created_at + timedelta(days=period_days)
