"""Finding, creating and changing milestones, with the permission checks every entry point shares."""

from __future__ import annotations

from datetime import date, time
from functools import lru_cache
from pathlib import Path

from sqlmodel import col, select

from bot.errors import InvalidInput, NotAllowed
from bot.features.milestones.tables import ChecklistItem, Milestone, MilestoneStatus
from bot.features.milestones.templates import ChecklistSet, checklists_dir, load_checklists
from bot.kernel import scope as scopes
from bot.kernel.context import AppContext, Request
from bot.kernel.delivery import outbox
from bot.kernel.programme import calendars
from bot.kernel.rules.calendar import CalendarRules
from bot.kernel.rules.people import Role
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Group, Member, id_of
from bot.kernel.storage.uow import UnitOfWork

OPEN = (MilestoneStatus.PLANNED.value, MilestoneStatus.OVERDUE.value)


@lru_cache(maxsize=8)
def _checklists(directory: Path) -> ChecklistSet:
    return load_checklists(directory)


def checklist_templates(ctx: AppContext) -> ChecklistSet:
    """The anchoring checklist templates next to the schedules (read once per folder)."""
    return _checklists(checklists_dir(Path(ctx.settings.schedules_dir)))


def nudge_prefix(milestone: Milestone) -> str:
    """Every outbox key of this milestone's nudges starts with this (the colon keeps #1 apart from #12)."""
    return f"milestone:{milestone.id}:"


def nudge_key(milestone: Milestone, step: str, member: Member) -> str:
    """The idempotency key of one nudge: the due date is in it, so a moved milestone gets fresh keys."""
    return f"{nudge_prefix(milestone)}{milestone.due_date.isoformat()}:{step}:{member.id}"


async def cancel_nudges(uow: UnitOfWork, milestone: Milestone) -> int:
    """Cancel the milestone's pending nudges (it was done, moved or deleted)."""
    return await outbox.cancel(uow.session, workspace_id=milestone.workspace_id, key_prefix=nudge_prefix(milestone))


async def rules_for(uow: UnitOfWork, ctx: AppContext, group: Group) -> CalendarRules:
    return calendars.group_rules(group, await calendars.schedule_of(uow, ctx, group))


async def by_number(uow: UnitOfWork, group: Group, number: int) -> Milestone:
    """The group's milestone with this number (deleted ones are gone)."""
    found = await uow.session.exec(select(Milestone).where(
        Milestone.workspace_id == group.workspace_id, Milestone.group_id == group.id, Milestone.number == number,
        Milestone.status != MilestoneStatus.CANCELLED.value))
    milestone = found.first()
    if milestone is None:
        raise InvalidInput("milestones.unknown_number", number=number)
    return milestone


async def in_channel(uow: UnitOfWork, ctx: AppContext, req: Request, number: int) -> tuple[Milestone, scopes.Scope]:
    """A milestone by its number in the channel's group, and the asker's scope (a member at least)."""
    scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
    return await by_number(uow, scopes.members_group(scope), number), scope


async def by_id(uow: UnitOfWork, ctx: AppContext, req: Request, raw_id: str) -> tuple[Milestone, scopes.Scope]:
    """A milestone named by a button's value; refused unless the presser is a member of its group."""
    milestone = await uow.session.get(Milestone, int(raw_id)) if raw_id.isdigit() else None
    workspace = await queries.find_workspace(uow.session, req.actor.platform, req.actor.workspace)
    if milestone is None or workspace is None or milestone.workspace_id != workspace.id \
            or milestone.status == MilestoneStatus.CANCELLED.value:
        raise InvalidInput("milestones.unknown_button")
    group = await uow.session.get(Group, milestone.group_id)
    if group is None:  # the milestone's group row is gone (the foreign key makes this unexpected)
        raise InvalidInput("milestones.unknown_button")
    scope = await scopes.scope_for_group(uow, ctx, req.actor, group)
    scopes.require_member(scope)
    return milestone, scope


def require_owner_or_coordinator(scope: scopes.Scope, milestone: Milestone) -> None:
    """Coordinators manage every milestone; an owner may finish and tick their own."""
    if scope.is_coordinator or (scope.member is not None and scope.member.id == milestone.owner_id):
        return
    raise NotAllowed("errors.coordinators_only")


async def create(uow: UnitOfWork, ctx: AppContext, group: Group, *, title: str, due_date: date,
                 due_time: time | None = None, kind: str = "annet", owner_id: int | None = None,
                 description: str | None = None, checklist_id: str | None = None,
                 source_key: str | None = None) -> Milestone:
    """Add a milestone (and its checklist items, copied from the template)."""
    now = ctx.clock.now()
    milestone = Milestone(
        workspace_id=group.workspace_id, group_id=id_of(group), number=await queries.next_number(uow, Milestone, group),
        title=title[:200], kind=kind, due_date=due_date, due_time=due_time, owner_id=owner_id,
        description=description, source_key=source_key, planned_at=now, created_at=now)
    uow.session.add(milestone)
    await uow.flush()
    if checklist_id:
        await attach_checklist(uow, ctx, group, milestone, checklist_id)
    return milestone


async def attach_checklist(uow: UnitOfWork, ctx: AppContext, group: Group, milestone: Milestone,
                           template_id: str) -> None:
    """Copy a template's items onto the milestone; items already there (same id) keep their ticks."""
    template = checklist_templates(ctx).templates.get(template_id)
    if template is None:
        raise InvalidInput("milestones.unknown_template", template=template_id,
                           known=", ".join(sorted(checklist_templates(ctx).ids())) or "–")
    milestone.checklist_id = template_id
    present = {item.item_key for item in await checklist_items(uow, milestone)}
    position = len(present)
    for direction, items in template.by_direction().items():
        for item in items:
            if item.id in present:
                continue
            position += 1
            uow.session.add(ChecklistItem(workspace_id=milestone.workspace_id, milestone_id=id_of(milestone),
                                          position=position, item_key=item.id, direction=direction,
                                          text=item.text.get(group.language)[:300]))


def item_text(ctx: AppContext, lang: str, milestone: Milestone, item: ChecklistItem) -> str:
    """A checklist item in the reader's language: the shipped template's wording when the item comes from it,
    else the stored text (items copied in the group's language, or an older template's)."""
    template = checklist_templates(ctx).templates.get(milestone.checklist_id or "")
    if template is not None:
        for shipped in template.by_direction().get(item.direction, ()):
            if shipped.id == item.item_key:
                return shipped.text.get(lang)[:300]
    return item.text


async def checklist_items(uow: UnitOfWork, milestone: Milestone) -> list[ChecklistItem]:
    found = await uow.session.exec(select(ChecklistItem).where(
        ChecklistItem.workspace_id == milestone.workspace_id, ChecklistItem.milestone_id == milestone.id)
        .order_by(col(ChecklistItem.position), col(ChecklistItem.id)))
    return list(found.all())


def reschedule(ctx: AppContext, milestone: Milestone, due_date: date, due_time: time | None) -> None:
    """Set a new due date; nudges are planned afresh from now on (the caller cancels the old ones)."""
    milestone.due_date, milestone.due_time = due_date, due_time
    milestone.status = MilestoneStatus.PLANNED.value
    milestone.planned_at = ctx.clock.now()


async def recipients(uow: UnitOfWork, group: Group, milestone: Milestone) -> list[Member]:
    """Who is nudged about a milestone: its owner and the group's coordinators, once each."""
    everyone = await queries.members(uow.session, group)
    chosen = [m for m in everyone if m.id == milestone.owner_id or m.role == Role.COORDINATOR.value]
    return chosen


async def owner_name(uow: UnitOfWork, milestone: Milestone) -> str | None:
    if milestone.owner_id is None:
        return None
    owner = await uow.session.get(Member, milestone.owner_id)
    return (owner.display_name or owner.user_id) if owner and owner.active else None
