"""When the bot cannot reach someone privately, it says so to the group's coordinators (once per person)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from bot.kernel.chat.messages import Message
from bot.kernel.context import AppContext
from bot.kernel.delivery.budget import private_slot
from bot.kernel.delivery.outbox import Envelope, enqueue
from bot.kernel.programme import calendars
from bot.kernel.rules.people import Role
from bot.kernel.storage.tables import Group, Member, Outbox, OutboxStatus
from bot.kernel.storage.uow import UnitOfWork

LOOKBACK = timedelta(days=7)
#: messages about people themselves; a failure here means the person is out of reach
PERSONAL_KINDS = ("reminder", "milestone", "hint", "export", "welcome", "introduction")


async def report_unreachable(uow: UnitOfWork, ctx: AppContext) -> int:
    """For each person whose private message failed for good this week, tell their coordinators once."""
    now = ctx.clock.now()
    failed = (await uow.session.exec(select(Outbox.workspace_id, Outbox.user_id, Outbox.last_error).where(
        Outbox.status == OutboxStatus.FAILED.value, col(Outbox.target).in_(("dm", "private")),
        col(Outbox.kind).in_(PERSONAL_KINDS), col(Outbox.user_id).is_not(None),
        Outbox.created_at >= now - LOOKBACK).distinct())).all()
    told = 0
    for workspace_id, user_id, error in failed:
        rows = await uow.session.exec(select(Member, Group).join(Group, col(Member.group_id) == col(Group.id)).where(
            Member.workspace_id == workspace_id, Member.user_id == user_id, Member.active == True))  # noqa: E712
        for member, group in rows.all():
            told += await _tell_coordinators(uow, ctx, group, member, str(error or ""))
    return told


async def _tell_coordinators(uow: UnitOfWork, ctx: AppContext, group: Group, member: Member, error: str) -> int:
    coordinators = (await uow.session.exec(select(Member).where(
        Member.group_id == group.id, Member.role == Role.COORDINATOR.value, Member.active == True))).all()  # noqa: E712
    told = 0
    rules = calendars.group_rules(group, await calendars.schedule_of(uow, ctx, group))
    for coordinator in coordinators:
        if coordinator.id == member.id:
            continue
        lang = coordinator.language or group.language
        text = ctx.t(lang, "unreachable.notice", name=member.display_name or member.user_id,
                     municipality=group.municipality, reason=error or "?")
        told += await enqueue(uow.session, Envelope(
            workspace_id=group.workspace_id, key=f"unreachable:{group.id}:{member.id}:{coordinator.id}",
            kind="notice", target="dm", user_id=coordinator.user_id, message=Message(text),
            due_at=private_slot(coordinator, ctx.clock.now(), rules), priority=5), now=ctx.clock.now())
    return told
