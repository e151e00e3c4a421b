"""`/samskaping milepæl`: add, list, finish, move and delete milestones; unclear dates are confirmed first.

Coordinators manage milestones; every member can list them; an owner may mark their own as done.
Digest hook: `milestone_numbers` (below) gives each group's done / due / overdue counts for a week.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.errors import InvalidInput
from bot.features.milestones import records
from bot.features.milestones.commands import (
    MilestoneAdd,
    MilestoneDelete,
    MilestoneDone,
    MilestoneHelp,
    MilestoneList,
    MilestoneMove,
)
from bot.features.milestones.rules import guess_kind, split_date_and_title
from bot.features.milestones.tables import ChecklistItem, Milestone, MilestoneStatus
from bot.features.milestones.views import line
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Button, Message, Reply
from bot.kernel.commands.registry import Pressed
from bot.kernel.context import AppContext, Request
from bot.kernel.rules.dates import AMBIGUOUS, PAST, DateResult, explain, format_date, local_today, parse_date
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Draft, Group, id_of
from bot.kernel.storage.uow import UnitOfWork

CONFIRM_PURPOSE = "milestone:confirm"


def _clock(t: time | None) -> str | None:
    return t.strftime("%H:%M") if t else None


def _time(text: str | None) -> time | None:
    return time.fromisoformat(text) if text else None


async def add(cmd: MilestoneAdd, req: Request) -> Reply:
    """`milepæl ny <dato> <tittel>`: add a milestone (coordinators); an unclear date is confirmed first."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group = scopes.coordinators_group(scope)
        today = local_today(ctx.clock.now(), group.timezone)
        result, title = split_date_and_title(cmd.text, today=today, lang=scope.lang)
        if result.error is None and not title.strip():
            raise InvalidInput("milestones.title_missing")
        fields = {"title": title.strip()[:200], "kind": guess_kind(title), "owner_id": None, "description": None,
                  "time": _clock(result.time)}
        if not result.ok or result.date is None:  # ok means a date was read
            return await ask_to_confirm(uow, ctx, group, req.actor.user, scope.lang, result,
                                        {"op": "add", "group": group.id, **fields})
        return await save(uow, ctx, group, scope.lang, {"op": "add", **fields}, result.date)


async def save(uow: UnitOfWork, ctx: AppContext, group: Group, lang: str, op: dict[str, Any], due: date) -> Reply:
    """Carry out an add, edit or move with a settled date, commit, and say what happened."""
    if op["op"] == "add":
        milestone = await records.create(
            uow, ctx, group, title=op["title"], due_date=due, due_time=_time(op.get("time")), kind=op["kind"],
            owner_id=op.get("owner_id"), description=op.get("description"))
        key = "milestones.added"
    else:
        milestone = await records.by_number(uow, group, int(op["number"]))
        await records.cancel_nudges(uow, milestone)
        new_time = _time(op["time"]) if op.get("time") else milestone.due_time
        records.reschedule(ctx, milestone, due, new_time)
        if op["op"] == "edit":
            milestone.title, milestone.kind = op["title"], op["kind"]
            milestone.owner_id, milestone.description = op.get("owner_id"), op.get("description")
        key = "milestones.moved" if op["op"] == "move" else "milestones.updated"
    await uow.commit()
    text = ctx.t(lang, key, number=milestone.number, title=milestone.title,
                 due=format_date(milestone.due_date, lang), days=ctx.settings.milestone_nudge_days.replace(",", ", "))
    details = Button(ctx.t(lang, "milestones.button_details"), "milestone_move", str(milestone.id))
    return Reply(Message(text, buttons=(details,)))


def date_options(result: DateResult) -> list[date]:
    """The dates a past or ambiguous reading could mean, best first (none for a month alone or "snart")."""
    if result.error not in (PAST, AMBIGUOUS):
        return []
    return list(dict.fromkeys(d for d in (result.candidate, result.alternative) if d is not None))


async def ask_to_confirm(uow: UnitOfWork, ctx: AppContext, group: Group, user_id: str, lang: str,
                         result: DateResult, op: dict[str, Any]) -> Reply:
    """Keep what was asked (never lost) and offer the possible dates as buttons; nothing is saved yet."""
    options = date_options(result)
    if not options:
        raise InvalidInput("errors.plain", text=explain(result, lang, texts=ctx.texts))
    op = {**op, "group": group.id, "options": [d.isoformat() for d in options]}
    found = await uow.session.exec(select(Draft).where(
        Draft.workspace_id == group.workspace_id, Draft.user_id == user_id, Draft.purpose == CONFIRM_PURPOSE))
    draft = found.first() or Draft(workspace_id=group.workspace_id, user_id=user_id, purpose=CONFIRM_PURPOSE,
                                   text="", updated_at=ctx.clock.now())
    draft.text, draft.updated_at = json.dumps(op, ensure_ascii=False), ctx.clock.now()
    uow.session.add(draft)
    await uow.commit()
    buttons = [Button(ctx.t(lang, "milestones.confirm_use", date=format_date(d, lang)), "milestone_confirm",
                      d.isoformat(), "primary" if i == 0 else None) for i, d in enumerate(options)]
    buttons.append(Button(ctx.t(lang, "milestones.confirm_cancel"), "milestone_cancel", ""))
    return Reply(Message(explain(result, lang, texts=ctx.texts) + "\n\n" + ctx.t(lang, "milestones.confirm_hint"),
                         title=ctx.t(lang, "milestones.confirm_title"), buttons=tuple(buttons)))


async def _pending(uow: UnitOfWork, req: Request) -> Draft | None:
    workspace = await queries.find_workspace(uow.session, req.actor.platform, req.actor.workspace)
    if workspace is None:
        return None
    found = await uow.session.exec(select(Draft).where(
        Draft.workspace_id == workspace.id, Draft.user_id == req.actor.user, Draft.purpose == CONFIRM_PURPOSE))
    return found.first()


async def confirm(button: Pressed, req: Request) -> Reply:
    """The "Ja, bruk <dato>" button: carry out the kept request with the chosen date."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        draft = await _pending(uow, req)
        op = json.loads(draft.text) if draft else {}
        group = await uow.session.get(Group, op["group"]) if op else None
        if draft is None or group is None or button.value not in op.get("options", ()):
            raise InvalidInput("milestones.confirm_expired")
        scope = await scopes.scope_for_group(uow, ctx, req.actor, group)
        scopes.require_coordinator(scope)
        await uow.session.delete(draft)
        return await save(uow, ctx, group, scope.lang, op, date.fromisoformat(button.value))


async def cancel_confirmation(button: Pressed, req: Request) -> Reply:
    """The "Avbryt" button: forget the kept request; nothing was changed."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        draft = await _pending(uow, req)
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        if draft is not None:
            await uow.session.delete(draft)
            await uow.commit()
    return Reply(Message(ctx.t(scope.lang, "milestones.confirm_cancelled")))


async def list_milestones(cmd: MilestoneList, req: Request) -> Reply:
    """`milepæl liste`: the group's milestones in date order (every member may look)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group, lang = scopes.members_group(scope), scope.lang
        found = await uow.session.exec(select(Milestone).where(
            Milestone.workspace_id == group.workspace_id, Milestone.group_id == group.id,
            Milestone.status != MilestoneStatus.CANCELLED.value,
        ).order_by(col(Milestone.due_date), col(Milestone.number)))
        milestones = list(found.all())
        open_counts = await _open_item_counts(uow, [id_of(m) for m in milestones])
        lines = [line(ctx, lang, m, await records.owner_name(uow, m), open_counts.get(id_of(m), 0))
                 for m in milestones]
    text = "\n".join(lines) if lines else ctx.t(lang, "milestones.none")
    return Reply(Message(text, title=ctx.t(lang, "milestones.list_title", municipality=group.municipality),
                         footer=ctx.t(lang, "milestones.list_footer")))


async def _open_item_counts(uow: UnitOfWork, milestone_ids: list[int]) -> dict[int, int]:
    if not milestone_ids:
        return {}
    found = await uow.session.exec(
        select(ChecklistItem.milestone_id, func.count()).where(
            col(ChecklistItem.milestone_id).in_(milestone_ids), ChecklistItem.done == False)  # noqa: E712
        .group_by(col(ChecklistItem.milestone_id)))
    return {int(mid): int(n) for mid, n in found.all()}


async def _complete(uow: UnitOfWork, ctx: AppContext, scope: scopes.Scope, milestone: Milestone) -> Reply:
    records.require_owner_or_coordinator(scope, milestone)
    if milestone.status == MilestoneStatus.DONE.value:
        raise InvalidInput("milestones.already_done", number=milestone.number)
    milestone.status, milestone.done_at = MilestoneStatus.DONE.value, ctx.clock.now()
    await records.cancel_nudges(uow, milestone)
    await uow.commit()
    return Reply(Message(ctx.t(scope.lang, "milestones.done", number=milestone.number, title=milestone.title)))


async def done(cmd: MilestoneDone, req: Request) -> Reply:
    """`milepæl ferdig <nr>`: mark done; no further nudge is sent for it."""
    async with req.ctx.uow() as uow:
        milestone, scope = await records.in_channel(uow, req.ctx, req, cmd.number)
        return await _complete(uow, req.ctx, scope, milestone)


async def done_button(button: Pressed, req: Request) -> Reply:
    """The nudge's "Ferdig" button (pressed in a DM, so the milestone is named by its id)."""
    async with req.ctx.uow() as uow:
        milestone, scope = await records.by_id(uow, req.ctx, req, button.value)
        return await _complete(uow, req.ctx, scope, milestone)


async def move(cmd: MilestoneMove, req: Request) -> Reply:
    """`milepæl flytt <nr> <dato>`: a new due date; old nudges are cancelled, new ones planned."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        milestone, scope = await records.in_channel(uow, ctx, req, cmd.number)
        group = scopes.coordinators_group(scope)
        result = parse_date(cmd.date_text, today=local_today(ctx.clock.now(), group.timezone), lang=scope.lang)
        op = {"op": "move", "number": milestone.number, "time": _clock(result.time)}
        if not result.ok or result.date is None:  # ok means a date was read
            return await ask_to_confirm(uow, ctx, group, req.actor.user, scope.lang, result, op)
        return await save(uow, ctx, group, scope.lang, op, result.date)


async def delete(cmd: MilestoneDelete, req: Request) -> Reply:
    """`milepæl slett <nr>`: remove a milestone and cancel its pending nudges."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        milestone, scope = await records.in_channel(uow, ctx, req, cmd.number)
        scopes.require_coordinator(scope)
        milestone.status = MilestoneStatus.CANCELLED.value
        await records.cancel_nudges(uow, milestone)
        await uow.commit()
    return Reply(Message(ctx.t(scope.lang, "milestones.deleted", number=milestone.number, title=milestone.title)))


async def show_help(cmd: MilestoneHelp, req: Request) -> Reply:
    """`milepæl hjelp`: every subcommand, and how dates are read (the date parser's own rules text)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        lang = (await scopes.resolve(uow, ctx, req.actor, req.channel)).lang
    return Reply(Message(ctx.t(lang, "milestones.help") + "\n\n" + ctx.t(lang, "dates.rules"),
                         title=ctx.t(lang, "milestones.help_title")))


def _moment(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, time(0, 0), tzinfo=UTC)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


async def milestone_numbers(session: AsyncSession, group_ids: list[int], week_start: date | datetime,
                            week_end: date | datetime) -> dict[int, tuple[int, int, int]]:
    """Per group, for the digest: (done, due, overdue) — each group in `group_ids` gets an entry.

    done: marked done with done_at in [week_start, week_end); due: due date in [week_start, week_end), not
    deleted; overdue: status "overdue" now (the planner sets it once the due moment has passed; a
    milestone moved to a new date or marked done stops being overdue). Bounds may be dates (UTC midnight)
    or aware datetimes; the end is exclusive.
    """
    numbers = {gid: [0, 0, 0] for gid in group_ids}
    ids = col(Milestone.group_id).in_(group_ids)
    queries_ = (
        (0, (Milestone.status == MilestoneStatus.DONE.value, col(Milestone.done_at) >= _moment(week_start),
             col(Milestone.done_at) < _moment(week_end))),
        (1, (Milestone.status != MilestoneStatus.CANCELLED.value, Milestone.due_date >= _day(week_start),
             Milestone.due_date < _day(week_end))),
        (2, (Milestone.status == MilestoneStatus.OVERDUE.value,)),
    )
    for index, conditions in queries_:
        found = await session.exec(select(Milestone.group_id, func.count()).where(ids, *conditions)
                                   .group_by(col(Milestone.group_id)))
        for gid, count in found.all():
            numbers[int(gid)][index] = int(count)
    return {gid: (n[0], n[1], n[2]) for gid, n in numbers.items()}

