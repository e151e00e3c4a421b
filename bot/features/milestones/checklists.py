"""Anchoring checklists on milestones: show, tick (buttons or `milepæl sjekk <nr> <punkt>`), attach a template."""

from __future__ import annotations

from bot.errors import InvalidInput
from bot.features.milestones import records
from bot.features.milestones.commands import MilestoneCheck, MilestoneChecklist
from bot.features.milestones.tables import ChecklistItem, Milestone
from bot.features.milestones.views import checklist_message
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.commands.registry import Pressed
from bot.kernel.context import AppContext, Request
from bot.kernel.storage.uow import UnitOfWork


def _find(items: list[ChecklistItem], wanted: str) -> ChecklistItem:
    """An item by its position ("3") or its id ("informert-kommunedirektor")."""
    key = wanted.strip().lower().lstrip("#")
    for item in items:
        if key == str(item.position) or key == item.item_key:
            return item
    raise InvalidInput("milestones.unknown_item", item=wanted.strip())


async def _set(uow: UnitOfWork, ctx: AppContext, scope: scopes.Scope, milestone: Milestone, item: ChecklistItem,
               done: bool) -> Reply:
    records.require_owner_or_coordinator(scope, milestone)
    item.done = done
    item.done_by = scope.member.id if done and scope.member else None
    item.done_at = ctx.clock.now() if done else None
    await uow.commit()
    items = await records.checklist_items(uow, milestone)
    note = ctx.t(scope.lang, "milestones.ticked" if done else "milestones.unticked",
                 item=records.item_text(ctx, scope.lang, milestone, item))
    view = checklist_message(ctx, scope.lang, milestone, items)
    return Reply(Message(note + "\n\n" + view.text, title=view.title, buttons=view.buttons, footer=view.footer))


async def check(cmd: MilestoneCheck, req: Request) -> Reply:
    """`milepæl sjekk <nr>` shows the checklist; `milepæl sjekk <nr> <punkt>` ticks (or unticks) one item."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        milestone, scope = await records.in_channel(uow, ctx, req, cmd.number)
        items = await records.checklist_items(uow, milestone)
        if not cmd.item.strip():
            return Reply(checklist_message(ctx, scope.lang, milestone, items))
        item = _find(items, cmd.item)
        return await _set(uow, ctx, scope, milestone, item, not item.done)


async def open_button(button: Pressed, req: Request) -> Reply:
    """The nudge's "Sjekkliste" button."""
    async with req.ctx.uow() as uow:
        milestone, scope = await records.by_id(uow, req.ctx, req, button.value)
        return Reply(checklist_message(req.ctx, scope.lang, milestone, await records.checklist_items(uow, milestone)))


async def tick_button(button: Pressed, req: Request) -> Reply:
    """A checklist item's button: tick it."""
    milestone_id, _, item_key = button.value.partition(":")
    async with req.ctx.uow() as uow:
        milestone, scope = await records.by_id(uow, req.ctx, req, milestone_id)
        item = _find(await records.checklist_items(uow, milestone), item_key)
        return await _set(uow, req.ctx, scope, milestone, item, True)


async def attach(cmd: MilestoneChecklist, req: Request) -> Reply:
    """`milepæl sjekkliste <nr> [mal]`: list the templates, or give the milestone one (coordinators)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        milestone, scope = await records.in_channel(uow, ctx, req, cmd.number)
        group = scopes.coordinators_group(scope)
        templates = records.checklist_templates(ctx).templates
        if not cmd.template_id.strip():
            lines = [f"• `{t.id}` – {t.title.get(scope.lang)}" for t in templates.values()]
            return Reply(Message("\n".join(lines) or "–", title=ctx.t(scope.lang, "milestones.templates_title")))
        await records.attach_checklist(uow, ctx, group, milestone, cmd.template_id.strip())
        await uow.commit()
        items = await records.checklist_items(uow, milestone)
        return Reply(checklist_message(ctx, scope.lang, milestone, items))
