"""What milestones look like in chat: list lines, nudges, the overdue follow-up and the checklist."""

from __future__ import annotations

from bot.features.milestones.records import item_text
from bot.features.milestones.tables import ChecklistItem, Milestone
from bot.kernel.chat.messages import Button, Field, Message
from bot.kernel.context import AppContext
from bot.kernel.rules.dates import format_date
from bot.kernel.storage.tables import Group

MAX_TICK_BUTTONS = 10


def due_text(ctx: AppContext, lang: str, milestone: Milestone) -> str:
    """"fredag 11. desember 2026", with "kl. 14:00" when the milestone has a time."""
    day = format_date(milestone.due_date, lang)
    if milestone.due_time is None:
        return day
    return ctx.t(lang, "milestones.due_with_time", date=day, time=milestone.due_time.strftime("%H:%M"))


def kind_label(ctx: AppContext, lang: str, kind: str) -> str:
    key = f"milestones.kind.{kind}"
    return ctx.t(lang, key) if ctx.texts.has(key) else kind


def line(ctx: AppContext, lang: str, milestone: Milestone, owner: str | None, open_items: int) -> str:
    """One list line: number, title, due date, status, owner and open checklist items."""
    text = ctx.t(lang, "milestones.line", number=milestone.number, title=milestone.title,
                 due=due_text(ctx, lang, milestone), status=ctx.t(lang, f"milestones.status.{milestone.status}"),
                 kind=kind_label(ctx, lang, milestone.kind))
    if owner:
        text += ctx.t(lang, "milestones.line_owner", owner=owner)
    if open_items:
        text += ctx.t(lang, "milestones.line_open", count=open_items)
    return text


def nudge_buttons(ctx: AppContext, lang: str, milestone: Milestone) -> tuple[Button, ...]:
    """Mark done, move (opens the form), open the checklist."""
    value = str(milestone.id)
    buttons = [Button(ctx.t(lang, "milestones.button_done"), "milestone_done", value, "primary"),
               Button(ctx.t(lang, "milestones.button_move"), "milestone_move", value)]
    if milestone.checklist_id:
        buttons.append(Button(ctx.t(lang, "milestones.button_checklist"), "milestone_checklist", value))
    return tuple(buttons)


def open_items_text(ctx: AppContext, lang: str, milestone: Milestone, items: list[ChecklistItem]) -> str:
    """The checklist items still open, by direction ("" when none are left or there is no list)."""
    open_ = [i for i in items if not i.done]
    if not items:
        return ""
    if not open_:
        return ctx.t(lang, "milestones.checklist_all_done")
    lines = [f"• {item_text(ctx, lang, milestone, i)} ({ctx.t(lang, f'anchoring.direction.{i.direction}')})"
             for i in open_]
    return ctx.t(lang, "milestones.still_open", count=len(open_)) + "\n" + "\n".join(lines)


def nudge_message(ctx: AppContext, lang: str, group: Group, milestone: Milestone, offset: int,
                  items: list[ChecklistItem]) -> Message:
    """The private nudge before a due date."""
    key = {0: "milestones.nudge_text_today", 1: "milestones.nudge_text_one"}.get(offset, "milestones.nudge_text")
    text = ctx.t(lang, key, title=milestone.title, days=offset, due=due_text(ctx, lang, milestone),
                 municipality=group.municipality)
    return _with_checklist(ctx, lang, milestone, text, items, "milestones.nudge_title")


def overdue_message(ctx: AppContext, lang: str, group: Group, milestone: Milestone,
                    items: list[ChecklistItem]) -> Message:
    """The one follow-up after a milestone's due date has passed."""
    text = ctx.t(lang, "milestones.overdue_text", title=milestone.title, due=due_text(ctx, lang, milestone),
                 municipality=group.municipality, number=milestone.number)
    return _with_checklist(ctx, lang, milestone, text, items, "milestones.overdue_title")


def _with_checklist(ctx: AppContext, lang: str, milestone: Milestone, text: str, items: list[ChecklistItem],
                    title_key: str) -> Message:
    remaining = open_items_text(ctx, lang, milestone, items)
    return Message(text + ("\n\n" + remaining if remaining else ""),
                   title=ctx.t(lang, title_key, number=milestone.number, title=milestone.title),
                   fields=(Field(ctx.t(lang, "milestones.field_kind"), kind_label(ctx, lang, milestone.kind)),),
                   buttons=nudge_buttons(ctx, lang, milestone))


def checklist_message(ctx: AppContext, lang: str, milestone: Milestone, items: list[ChecklistItem]) -> Message:
    """The whole checklist by direction, ticked or not, with a button for each open item."""
    if not items:
        return Message(ctx.t(lang, "milestones.checklist_none", number=milestone.number))
    sections = []
    for direction in ("sideveis", "oppover", "nedover"):
        rows = [f"{'☑' if i.done else '☐'} {i.position}. {item_text(ctx, lang, milestone, i)}" for i in items
                if i.direction == direction]
        if rows:
            sections.append(f"*{ctx.t(lang, f'anchoring.direction.{direction}')}*\n" + "\n".join(rows))
    buttons = tuple(Button(ctx.t(lang, "milestones.button_tick", position=i.position), "milestone_tick",
                           f"{milestone.id}:{i.item_key}") for i in items if not i.done)[:MAX_TICK_BUTTONS]
    return Message("\n\n".join(sections), buttons=buttons,
                   title=ctx.t(lang, "milestones.checklist_title", number=milestone.number, title=milestone.title),
                   footer=ctx.t(lang, "milestones.checklist_footer", number=milestone.number))
