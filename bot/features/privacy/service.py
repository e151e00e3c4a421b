"""Members' own data: pause themselves, reminder preferences, export everything, delete it.

Deleting keeps the aggregates right: a deleted reflection keeps its length and time (so "7 of 9
answered" stays true) but loses its text, and the member loses their name and platform id.
"""

from __future__ import annotations

import json

from sqlmodel import col, select

from bot.features.privacy import erasure
from bot.features.privacy.commands import DeleteMyData, MyData, PauseMe, Reminders
from bot.features.prompts.tables import PromptPost, Reflection
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Button, Message, Reply
from bot.kernel.commands.dates import read_date
from bot.kernel.commands.registry import Pressed
from bot.kernel.context import AppContext, Request
from bot.kernel.delivery.outbox import Envelope, enqueue
from bot.kernel.rules.dates import format_date
from bot.kernel.storage.tables import Draft, Group, Member
from bot.kernel.storage.uow import UnitOfWork

#: button ids: the reminder switch on a person's own page, and the confirmation of erasure
SET_REMINDERS, DELETE_MY_DATA = "set_reminders", "delete_my_data"


async def pause_me(cmd: PauseMe, req: Request) -> Reply:
    """Pause one's own reminders until a date (empty resumes)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        member = scopes.require_member(scope)
        tz = scopes.require_group(scope).timezone
        member.paused_until = read_date(ctx, cmd.until, tz=tz, lang=scope.lang) if cmd.until else None
        await uow.commit()
    if member.paused_until is None:
        return Reply(Message(ctx.t(scope.lang, "privacy.resumed")))
    return Reply(Message(ctx.t(scope.lang, "privacy.paused", until=format_date(member.paused_until, scope.lang))))


async def reminder_preferences(cmd: Reminders, req: Request) -> Reply:
    """Show or change one's reminder preferences."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        member = scopes.require_member(scope)
        if cmd.enabled is not None:
            member.reminders_enabled = cmd.enabled
            await uow.commit()
    lang = scope.lang
    state = ctx.t(lang, "privacy.on" if member.reminders_enabled else "privacy.off")
    paused = format_date(member.paused_until, lang) if member.paused_until else "–"
    return Reply(Message(ctx.t(lang, "privacy.preferences", state=state, paused=paused,
                               per_day=ctx.settings.nudges_per_day, per_week=ctx.settings.nudges_per_week)))


async def _memberships(uow: UnitOfWork, workspace_id: int, user_id: str) -> list[tuple[Member, Group]]:
    found = await uow.session.exec(select(Member, Group).join(Group, col(Member.group_id) == Group.id).where(
        Member.workspace_id == workspace_id, Member.user_id == user_id))
    return list(found.all())


async def _export(uow: UnitOfWork, ctx: AppContext, workspace_id: int, user_id: str) -> dict[str, object]:
    memberships = []
    for member, group in await _memberships(uow, workspace_id, user_id):
        rows = await uow.session.exec(select(Reflection, PromptPost).join(
            PromptPost, col(Reflection.post_id) == PromptPost.id).where(Reflection.member_id == member.id))
        memberships.append({
            "group": group.municipality, "display_name": member.display_name, "sector": member.sector,
            "role": member.role, "language": member.language, "hints_enabled": member.hints_enabled,
            "reminders_enabled": member.reminders_enabled, "joined_at": member.joined_at.isoformat(),
            "paused_until": member.paused_until.isoformat() if member.paused_until else None,
            "reflections": [{"prompt_id": post.prompt_id, "text": r.text, "length": r.length, "late": r.late,
                             "quote_consent": r.quote_consent, "created_at": r.created_at.isoformat(),
                             "updated_at": r.updated_at.isoformat()} for r, post in rows.all()],
        })
    drafts = (await uow.session.exec(select(Draft).where(
        Draft.workspace_id == workspace_id, Draft.user_id == user_id))).all()
    return {"user_id": user_id, "memberships": memberships,
            "drafts": [{"purpose": d.purpose, "text": d.text} for d in drafts],
            **{key: await export(uow, workspace_id, user_id) for key, export in ctx.features.exporters.items()}}


async def my_data(cmd: MyData, req: Request) -> Reply:
    """Send the user, by direct message, everything stored about them as JSON."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        export = await _export(uow, ctx, scope.workspace_id, req.actor.user)
        now = ctx.clock.now()
        body = json.dumps(export, ensure_ascii=False, indent=1)
        await enqueue(uow.session, Envelope(
            workspace_id=scope.workspace_id, key=f"export:{req.actor.user}:{now.isoformat()}",
            kind="export", target="dm", user_id=req.actor.user, due_at=now, priority=2,
            message=Message(f"```\n{body}\n```", title=ctx.t(scope.lang, "privacy.export_title"))), now=now)
        await uow.commit()
    return Reply(Message(ctx.t(scope.lang, "privacy.export_sent")))


async def delete_my_data(cmd: DeleteMyData, req: Request) -> Reply:
    """Erase everything about the person in this workspace, after a confirmation (nothing to erase: says so)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        lang = scope.lang
        if not await erasure.has_data(uow, scope.workspace_id, req.actor.user):
            return Reply(Message(ctx.t(lang, "privacy.nothing_to_delete")))
        if not cmd.confirmed:
            return Reply(Message(ctx.t(lang, "privacy.delete_confirm"), buttons=(
                Button(ctx.t(lang, "privacy.delete_button"), DELETE_MY_DATA, "confirm", "danger"),)))
        count, cancelled = await erasure.erase_person(uow, ctx, scope.workspace_id, req.actor.user,
                                                      names=(req.actor.name or "",))
        await uow.commit()
    text = ctx.t(lang, "privacy.deleted", count=count)
    if cancelled:
        text += "\n" + ctx.t(lang, "privacy.deleted_cancelled", count=cancelled)
    return Reply(Message(text))


async def toggle_reminders_button(button: Pressed, req: Request) -> Reply:
    return await reminder_preferences(Reminders(button.value == "on"), req)


async def delete_my_data_button(button: Pressed, req: Request) -> Reply:
    return await delete_my_data(DeleteMyData(confirmed=button.value == "confirm"), req)
