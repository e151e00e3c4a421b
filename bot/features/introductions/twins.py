"""Introductions across two municipalities: a programme's owners or leads allow two of its groups to be paired
together (`intro på-tvers Bodø Lillehammer`), or stop it (`intro på-tvers av Bodø`).

While both groups have introductions on, the group with the lower id makes the rounds for both (on its rhythm
and calendar, counted in its figures) and the other makes none of its own; when one of them turns introductions
off, the other goes on alone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_
from sqlmodel import col, select

from bot.errors import InvalidInput
from bot.features.digest import mentors
from bot.features.introductions.commands import IntroAcross
from bot.features.introductions.tables import IntroTwin
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.context import Request
from bot.kernel.storage.tables import Group, id_of
from bot.kernel.storage.uow import UnitOfWork


async def twin_row(uow: UnitOfWork, group: Group) -> IntroTwin | None:
    found = await uow.session.exec(select(IntroTwin).where(
        IntroTwin.workspace_id == group.workspace_id, or_(col(IntroTwin.group_a) == group.id,
                                                          col(IntroTwin.group_b) == group.id)))
    return found.first()


async def partner_of(uow: UnitOfWork, group: Group) -> Group | None:
    """The group whose members this group's members may be introduced to, if the programme allows it."""
    twin = await twin_row(uow, group)
    if twin is None:
        return None
    return await uow.session.get(Group, twin.group_b if twin.group_a == group.id else twin.group_a)


async def partners(uow: UnitOfWork) -> dict[int, int]:
    """Every twinned group's partner, both ways (one query for the planner's whole tick)."""
    found = (await uow.session.exec(select(IntroTwin))).all()
    return {**{t.group_a: t.group_b for t in found}, **{t.group_b: t.group_a for t in found}}


async def set_across(cmd: IntroAcross, req: Request) -> Reply:
    """A programme's owner or lead pairs two of its groups for introductions, or unpairs one."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        programmes = await mentors.managed_programmes(uow.session, scope.workspace_id, req.actor.user)
        if not programmes:
            raise InvalidInput("introductions.across_by_owners")
        groups = mentors.require_groups(cmd.groups, await mentors.groups_of(uow.session, programmes))
        names = f" {ctx.t(scope.lang, 'introductions.and')} ".join(g.municipality for g in groups)
        if cmd.off:
            rows = [row for g in groups if (row := await twin_row(uow, g)) is not None]
            if not rows:
                raise InvalidInput("introductions.across_none", groups=names)
            for row in rows:
                await uow.session.delete(row)
            await uow.commit()
            return Reply(Message(ctx.t(scope.lang, "introductions.across_off", groups=names)))
        await _twin(uow, groups, req.actor.user, now=ctx.clock.now())
        await uow.commit()
    return Reply(Message(ctx.t(scope.lang, "introductions.across_on", groups=names)))


async def _twin(uow: UnitOfWork, groups: list[Group], by: str, *, now: datetime) -> None:
    if len(groups) != 2:
        raise InvalidInput("introductions.across_two")
    first, second = sorted(groups, key=id_of)
    if first.programme_id != second.programme_id:
        raise InvalidInput("introductions.across_one_programme")
    for group in groups:
        other = await partner_of(uow, group)
        if other is not None and other.id not in (first.id, second.id):
            raise InvalidInput("introductions.across_taken", municipality=group.municipality,
                               other=other.municipality)
    if await twin_row(uow, first) is None:
        uow.session.add(IntroTwin(workspace_id=first.workspace_id, programme_id=int(first.programme_id or 0),
                                  group_a=id_of(first), group_b=id_of(second), allowed_by=by, created_at=now))
