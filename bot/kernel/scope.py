"""Who is asking, in which group, in which language: resolved once per request."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import NotAllowed, NotMember, NotSetUp
from bot.kernel.chat.events import Actor
from bot.kernel.context import AppContext
from bot.kernel.rules.people import Role
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Group, Member, Workspace, id_of
from bot.kernel.storage.uow import UnitOfWork

_STAFF = {Role.COORDINATOR.value, Role.LEAD.value}


@dataclass
class Scope:
    """The workspace, the channel's group (if any), the acting member (if any) and their language."""

    workspace: Workspace
    group: Group | None
    member: Member | None
    lang: str

    @property
    def workspace_id(self) -> int:
        return id_of(self.workspace)

    @property
    def is_coordinator(self) -> bool:
        return self.member is not None and self.member.role in _STAFF


def language_of(ctx: AppContext, actor: Actor, group: Group | None, member: Member | None) -> str:
    """The member's own choice, else the platform locale if we speak it, else the group's, else the default."""
    if member is not None and member.language:
        return member.language
    if actor.locale and actor.locale[:2] in ("nb", "nn", "en") and group is None:
        return actor.locale[:2]
    return group.language if group is not None else ctx.settings.language


async def resolve(uow: UnitOfWork, ctx: AppContext, actor: Actor, channel: str | None) -> Scope:
    """Look up (or create) the workspace, and find the channel's group and the actor's membership."""
    workspace = await queries.workspace_for(uow.session, actor.platform, actor.workspace, now=ctx.clock.now())
    group = await queries.group_in_channel(uow.session, id_of(workspace), channel) if channel else None
    member = await queries.member_of(uow.session, group, actor.user) if group else None
    return Scope(workspace, group, member, language_of(ctx, actor, group, member))


def require_group(scope: Scope) -> Group:
    if scope.group is None:
        raise NotSetUp("errors.not_set_up")
    return scope.group


def require_member(scope: Scope) -> Member:
    require_group(scope)
    if scope.member is None:
        raise NotMember("errors.not_member")
    return scope.member


def require_coordinator(scope: Scope) -> Member:
    member = require_member(scope)
    if not scope.is_coordinator:
        raise NotAllowed("errors.coordinators_only")
    return member


def coordinators_group(scope: Scope) -> Group:
    """The group, when the actor coordinates it (else NotSetUp / NotMember / NotAllowed)."""
    require_coordinator(scope)
    assert scope.group is not None  # noqa: S101 - require_coordinator guarantees it
    return scope.group


def members_group(scope: Scope) -> Group:
    """The group, when the actor is a member of it (else NotSetUp / NotMember)."""
    require_member(scope)
    assert scope.group is not None  # noqa: S101 - require_member guarantees it
    return scope.group


async def scope_for_group(uow: UnitOfWork, ctx: AppContext, actor: Actor, group: Group) -> Scope:
    """The actor's scope in a given group (for buttons pressed in a DM, away from the group's channel)."""
    workspace = await queries.find_workspace(uow.session, actor.platform, actor.workspace)
    if workspace is None:  # callers look the workspace up first, so this only guards a broken caller
        raise NotSetUp("errors.not_set_up")
    member = await queries.member_of(uow.session, group, actor.user)
    return Scope(workspace, group, member, language_of(ctx, actor, group, member))
