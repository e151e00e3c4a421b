"""Who gets language hints: the hint buttons ("why?", "don't show me this again") and `språkhint av|på`."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, update
from sqlmodel import col, select

from bot.errors import NotSetUp
from bot.features.language.commands import SetChannelHints, SetHints
from bot.features.language.hints import READABILITY
from bot.features.language.store import find_suppression, key_of
from bot.features.language.tables import ALL_TERMS, HintLog, TermSuggestion, TermSuppression
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.commands.registry import Pressed
from bot.kernel.context import AppContext, Request
from bot.kernel.rules.redaction import Erasure
from bot.kernel.storage.tables import Group, Member
from bot.kernel.storage.uow import UnitOfWork
from bot.kernel.storage.upserts import add_once

#: the hint switch on a person's own page
SET_HINTS = "set_hints"


async def explain_hint(button: Pressed, req: Request) -> Reply:
    """The "why this suggestion?" button: the button.value, shown only to the person who pressed it."""
    return Reply(Message(button.value), visibility="private")


async def _mute(uow: UnitOfWork, ctx: AppContext, group: Group, user_id: str, key: str) -> None:
    await add_once(uow.session, TermSuppression, ("group_id", "user_id", "key"), {
        "workspace_id": group.workspace_id, "group_id": group.id, "user_id": user_id, "key": key,
        "created_at": ctx.clock.now()})


async def _group_for_button(uow: UnitOfWork, scope: scopes.Scope, group_ref: str) -> Group:
    """The group a button names (only within the presser's own workspace), else the channel's group."""
    if group_ref.isdigit():
        group = await uow.session.get(Group, int(group_ref))
        if group is not None and group.workspace_id == scope.workspace.id:
            return group
    return scopes.require_group(scope)


async def mute_term(button: Pressed, req: Request) -> Reply:
    """The "don't show me this again for <term>" button (`<group id>:<term>`): no more hints about it there."""
    ctx = req.ctx
    group_ref, _, lemma = button.value.rpartition(":")
    key = key_of(lemma)
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group = await _group_for_button(uow, scope, group_ref)
        if key:
            await _mute(uow, ctx, group, req.actor.user, key)
            await uow.commit()
    label = ctx.t(scope.lang, "hints.readability_name") if key == READABILITY else lemma
    return Reply(Message(ctx.t(scope.lang, "hints.muted", term=label)), visibility="private")


async def _set_personal(uow: UnitOfWork, ctx: AppContext, group: Group, member: Member | None, user_id: str,
                        enabled: bool) -> None:
    """A member's switch is on their membership; anyone else's is a mute of every term (`*`) in the group."""
    if member is not None:
        member.hints_enabled = enabled
    everything = await find_suppression(uow.session, group, user_id, ALL_TERMS)
    if enabled and everything is not None:
        await uow.session.delete(everything)
    elif not enabled and member is None:
        await _mute(uow, ctx, group, user_id, ALL_TERMS)


async def _groups_of(uow: UnitOfWork, workspace_id: int, user_id: str) -> list[tuple[Group, Member]]:
    found = await uow.session.exec(select(Group, Member).join(Member, col(Member.group_id) == Group.id).where(
        Member.workspace_id == workspace_id, Member.user_id == user_id))
    return [(group, member) for group, member in found.all()]


async def set_hints(cmd: SetHints, req: Request) -> Reply:
    """`språkhint [av|på]`: in a group channel for that group; elsewhere for every group the person is in."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        targets: Sequence[tuple[Group, Member | None]]
        if scope.group is not None:
            targets = [(scope.group, scope.member)]
        else:
            targets = await _groups_of(uow, scope.workspace_id, req.actor.user)
            if not targets:
                raise NotSetUp("errors.not_set_up")
        if cmd.enabled is not None:
            for group, member in targets:
                await _set_personal(uow, ctx, group, member, req.actor.user, cmd.enabled)
            await uow.commit()
            return Reply(Message(ctx.t(scope.lang, "hints.on" if cmd.enabled else "hints.off")))
        group, member = targets[0]
        mine = await _is_on_for(uow, group, member, req.actor.user)
    return Reply(Message(_status(ctx, scope.lang, mine, group.hints_enabled)))


async def _is_on_for(uow: UnitOfWork, group: Group, member: Member | None, user_id: str) -> bool:
    if member is not None and not member.hints_enabled:
        return False
    return await find_suppression(uow.session, group, user_id, ALL_TERMS) is None


def _status(ctx: AppContext, lang: str, mine: bool, channel: bool) -> str:
    def word(on: bool) -> str:
        return ctx.t(lang, "hints.state_on" if on else "hints.state_off")

    return ctx.t(lang, "hints.status", mine=word(mine), channel=word(channel))


async def set_channel_hints(cmd: SetChannelHints, req: Request) -> Reply:
    """`språkhint kanal av|på` (coordinators): hints for everyone who writes in this channel."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group = scopes.coordinators_group(scope)
        group.hints_enabled = cmd.enabled
        await uow.commit()
    return Reply(Message(ctx.t(scope.lang, "hints.channel_on" if cmd.enabled else "hints.channel_off")))


async def erase_language_data(uow: UnitOfWork, erasure: Erasure) -> None:
    """Forget what the language hints know about one person (for `slett-mine-data`): hints sent, their mutes
    and switch, and their name on suggestions (the suggested term stays, it belongs to the group)."""
    workspace_id, user_id = erasure.workspace_id, erasure.user_id
    if not user_id:
        return  # "" marks the group's own suppressions; never a person
    session = uow.session
    await session.exec(delete(HintLog).where(
        col(HintLog.workspace_id) == workspace_id, col(HintLog.user_id) == user_id))
    await session.exec(delete(TermSuppression).where(
        col(TermSuppression.workspace_id) == workspace_id, col(TermSuppression.user_id) == user_id))
    await session.exec(update(TermSuggestion).where(
        col(TermSuggestion.workspace_id) == workspace_id, col(TermSuggestion.suggested_by) == user_id)
        .values(suggested_by=""))


async def toggle_hints_button(button: Pressed, req: Request) -> Reply:
    return await set_hints(SetHints(button.value == "on"), req)


async def export_language_data(uow: UnitOfWork, workspace_id: int, user_id: str) -> dict[str, object]:
    """What the language hints keep about a person: hints sent (word and time), mutes, suggestions."""
    sent = (await uow.session.exec(select(HintLog).where(
        HintLog.workspace_id == workspace_id, HintLog.user_id == user_id))).all()
    muted = (await uow.session.exec(select(TermSuppression).where(
        TermSuppression.workspace_id == workspace_id, TermSuppression.user_id == user_id))).all()
    suggested = (await uow.session.exec(select(TermSuggestion).where(
        TermSuggestion.workspace_id == workspace_id, TermSuggestion.suggested_by == user_id))).all()
    return {"hints_sent": [{"word": h.lemma, "at": h.sent_at.isoformat()} for h in sent],
            "muted": [m.key for m in muted],
            "suggested_terms": [{"term": t.term, "plain": t.plain} for t in suggested]}
