"""Mentors (faddere): who follows which groups, who may appoint them, and what a mentor's data is.

A programme's owners and leads appoint a mentor to one or more of the programme's groups; a coordinator cannot.
The mentor gets those groups' weekly digest (never the whole programme), may post a prompt to them and receives
their coordinators' requests for support; like a lead, a mentor sees groups, never individual answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import delete, func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.errors import InvalidInput, NotAllowed
from bot.features.digest.owners import LEAD, OWNER
from bot.features.digest.section_values import SupportRequests
from bot.features.digest.sections import DigestScope
from bot.features.digest.tables import MentorGroup, ProgrammeRole, SupportRequest
from bot.kernel.rules.redaction import Erasure
from bot.kernel.storage.tables import Group, Member, Programme, id_of
from bot.kernel.storage.uow import UnitOfWork

#: the programme roles that appoint mentors
APPOINTING = (OWNER, LEAD)


async def managed_programmes(session: AsyncSession, workspace_id: int, user_id: str) -> list[Programme]:
    """The programmes in which the person is an owner or a lead."""
    found = await session.exec(select(Programme).join(ProgrammeRole, col(ProgrammeRole.programme_id) == Programme.id)
                               .where(ProgrammeRole.workspace_id == workspace_id, ProgrammeRole.user_id == user_id,
                                      col(ProgrammeRole.role).in_(APPOINTING)).order_by(col(Programme.id)))
    return list(found.all())


async def require_appointer(session: AsyncSession, workspace_id: int, user_id: str) -> list[Programme]:
    programmes = await managed_programmes(session, workspace_id, user_id)
    if not programmes:
        raise NotAllowed("digest.mentor_by_owners")
    return programmes


async def groups_of(session: AsyncSession, programmes: Sequence[Programme]) -> list[Group]:
    found = await session.exec(select(Group).where(col(Group.programme_id).in_([p.id for p in programmes]))
                               .order_by(col(Group.municipality)))
    return list(found.all())


def pick_groups(words: str, groups: Sequence[Group]) -> tuple[list[Group], str]:
    """The groups named at the start of `words` (by municipality, case-insensitive, several words allowed, commas
    optional), and what follows them."""
    by_name = {g.municipality.casefold(): g for g in groups}
    tokens = words.replace(",", " ").split()
    picked: list[Group] = []
    while tokens:
        for length in range(len(tokens), 0, -1):  # the longest name first: "Indre Østfold" before "Indre"
            found = by_name.get(" ".join(tokens[:length]).casefold())
            if found is not None:
                break
        else:
            break
        if found not in picked:
            picked.append(found)
        tokens = tokens[length:]
    return picked, " ".join(tokens)


def require_groups(words: str, groups: Sequence[Group]) -> list[Group]:
    """Every word names one of `groups`; an unknown name or none at all is refused, listing the known ones."""
    picked, rest = pick_groups(words, groups)
    known = ", ".join(g.municipality for g in groups) or "–"
    if rest:
        raise InvalidInput("digest.mentor_unknown_group", typed=rest.split()[0], known=known)
    if not picked:
        raise InvalidInput("digest.mentor_no_groups", known=known)
    return picked


async def followed(session: AsyncSession, workspace_id: int, user_id: str) -> list[tuple[MentorGroup, Group]]:
    """The groups a person follows as a mentor, by municipality."""
    found = await session.exec(select(MentorGroup, Group).join(Group, col(MentorGroup.group_id) == Group.id).where(
        MentorGroup.workspace_id == workspace_id, MentorGroup.user_id == user_id).order_by(col(Group.municipality)))
    return list(found.all())


async def mentors_of(session: AsyncSession, group: Group) -> list[MentorGroup]:
    found = await session.exec(select(MentorGroup).where(
        MentorGroup.workspace_id == group.workspace_id, MentorGroup.group_id == group.id).order_by(col(MentorGroup.id)))
    return list(found.all())


async def assign(session: AsyncSession, groups: Sequence[Group], user_id: str, *, by: str, language: str,
                 now: datetime) -> list[Group]:
    """Make `user_id` a mentor of each group (a group they already follow stays as it is); returns the groups that
    are new to them. The caller checked who may and commits; an owner or lead of the programme already sees every
    group, so is not made a mentor."""
    for group in groups:
        role = (await session.exec(select(ProgrammeRole).where(
            ProgrammeRole.programme_id == group.programme_id, ProgrammeRole.user_id == user_id,
            col(ProgrammeRole.role).in_(APPOINTING)))).first()
        if role is not None:
            raise InvalidInput("digest.mentor_has_role", user=user_id, role=role.role)
    have = {m.group_id for m in (await session.exec(select(MentorGroup).where(
        col(MentorGroup.group_id).in_([g.id for g in groups]), MentorGroup.user_id == user_id))).all()}
    added = [g for g in groups if g.id not in have]
    for group in added:
        session.add(MentorGroup(workspace_id=group.workspace_id, programme_id=int(group.programme_id or 0),
                                group_id=id_of(group), user_id=user_id, language=language, assigned_by=by,
                                created_at=now))
    return added


async def unassign(session: AsyncSession, groups: Sequence[Group], user_id: str) -> int:
    """The person no longer follows these groups; returns how many they followed."""
    result = await session.exec(delete(MentorGroup).where(
        col(MentorGroup.group_id).in_([g.id for g in groups]), col(MentorGroup.user_id) == user_id))
    return int(result.rowcount or 0)


async def support_requests(session: AsyncSession, scope: DigestScope) -> Mapping[int, SupportRequests]:
    """The digest section: per group, the requests for a mentor's support in the week (a count, nothing else)."""
    found = await session.exec(
        select(SupportRequest.group_id, func.count()).where(
            SupportRequest.workspace_id == scope.workspace_id, col(SupportRequest.group_id).in_(scope.group_ids),
            col(SupportRequest.created_at) >= scope.start, col(SupportRequest.created_at) < scope.end)
        .group_by(col(SupportRequest.group_id)))
    return {group_id: SupportRequests(int(count)) for group_id, count in found.all()}


async def erase_mentoring(uow: UnitOfWork, erasure: Erasure) -> None:
    """`slett-mine-data`: the person follows no group any more, and is no longer named as who appointed a mentor.
    Their requests for support stay as counts on their (pseudonymised) membership."""
    session, ws, user = uow.session, erasure.workspace_id, erasure.user_id
    await session.exec(delete(MentorGroup).where(col(MentorGroup.workspace_id) == ws, col(MentorGroup.user_id) == user))
    await session.exec(update(MentorGroup).where(col(MentorGroup.workspace_id) == ws,
                                                 col(MentorGroup.assigned_by) == user).values(assigned_by=""))


async def export_mentoring(uow: UnitOfWork, workspace_id: int, user_id: str) -> dict[str, object]:
    """`mine-data`: the groups the person follows as a mentor, and when they asked a mentor for support."""
    asked = await uow.session.exec(select(SupportRequest, Group.municipality)
                                   .join(Member, col(Member.id) == SupportRequest.member_id)
                                   .join(Group, col(Group.id) == SupportRequest.group_id)
                                   .where(SupportRequest.workspace_id == workspace_id, Member.user_id == user_id)
                                   .order_by(col(SupportRequest.id)))
    return {
        "mentor_of": [{"group": g.municipality, "since": m.created_at.isoformat()}
                      for m, g in await followed(uow.session, workspace_id, user_id)],
        "support_requests": [{"group": municipality, "at": r.created_at.isoformat()}
                             for r, municipality in asked.all()],
    }
