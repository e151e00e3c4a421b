"""`/samskaping forankring`: the group's stakeholder map — who, which direction, how far anchoring has come.

Coordinators edit the map; every member may look at it. After each gathering the planner asks the
coordinators which stakeholders they contacted (`ask_message`; a button per stakeholder records it).
Digest hook: `anchoring_numbers` (below) counts stakeholders per group, direction and relation.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.errors import InvalidInput
from bot.features.anchoring.commands import (
    StakeholderAdd,
    StakeholderContact,
    StakeholderEdit,
    StakeholderList,
    StakeholderRemove,
)
from bot.features.anchoring.rules import (
    DIRECTIONS,
    RELATIONS,
    parse_direction,
    parse_relation,
    split_stakeholder,
)
from bot.features.anchoring.tables import Stakeholder
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Button, Message, Reply
from bot.kernel.commands.registry import Pressed
from bot.kernel.context import AppContext, Request
from bot.kernel.rules.dates import PAST, explain, format_date, local_today, parse_date
from bot.kernel.rules.dates.result import read_date
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Group, id_of
from bot.kernel.storage.uow import UnitOfWork

MAX_ASK_BUTTONS = 10
_FIELDS = {"navn": "name", "namn": "name", "name": "name", "rolle": "name", "retning": "direction",
           "direction": "direction", "relasjon": "relation", "relation": "relation", "neste": "next",
           "next": "next", "neste-steg": "next", "nestesteg": "next", "next-step": "next"}


async def stakeholders(uow: UnitOfWork, group: Group) -> list[Stakeholder]:
    found = await uow.session.exec(select(Stakeholder).where(
        Stakeholder.workspace_id == group.workspace_id, Stakeholder.group_id == group.id,
    ).order_by(col(Stakeholder.number)))
    return list(found.all())


def _line(ctx: AppContext, lang: str, s: Stakeholder) -> str:
    text = ctx.t(lang, "anchoring.line", number=s.number, name=s.name_or_role,
                 relation=ctx.t(lang, f"anchoring.relation.{s.relation}"))
    if s.next_step:
        text += ctx.t(lang, "anchoring.line_next", next=s.next_step)
    if s.last_contact:
        text += ctx.t(lang, "anchoring.line_contact", date=format_date(s.last_contact, lang))
    return text


def map_text(ctx: AppContext, lang: str, people: list[Stakeholder]) -> str:
    """The map by direction, each with its stakeholders' relation, next step and last contact."""
    sections = []
    for direction in DIRECTIONS:
        rows = [_line(ctx, lang, s) for s in people if s.direction == direction]
        heading = f"*{ctx.t(lang, f'anchoring.direction.{direction}')}*"
        sections.append(heading + "\n" + ("\n".join(rows) if rows else ctx.t(lang, "anchoring.direction_empty")))
    return "\n\n".join(sections)


async def show(cmd: StakeholderList, req: Request) -> Reply:
    """`forankring`: the stakeholder map (every member may look)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group = scopes.members_group(scope)
        people = await stakeholders(uow, group)
    lang = scope.lang
    text = map_text(ctx, lang, people) if people else ctx.t(lang, "anchoring.none")
    return Reply(Message(text, title=ctx.t(lang, "anchoring.title", municipality=group.municipality),
                         footer=ctx.t(lang, "anchoring.footer")))


async def _coordinator_scope(uow: UnitOfWork, ctx: AppContext, req: Request) -> scopes.Scope:
    scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
    scopes.require_coordinator(scope)
    return scope


async def _by_number(uow: UnitOfWork, group: Group, number: int) -> Stakeholder:
    found = await uow.session.exec(select(Stakeholder).where(
        Stakeholder.workspace_id == group.workspace_id, Stakeholder.group_id == group.id,
        Stakeholder.number == number))
    stakeholder = found.first()
    if stakeholder is None:
        raise InvalidInput("anchoring.unknown_number", number=number)
    return stakeholder


async def add(cmd: StakeholderAdd, req: Request) -> Reply:
    """`forankring ny <navn/rolle> <retning> [relasjon]`."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await _coordinator_scope(uow, ctx, req)
        parts = split_stakeholder(cmd.text)
        if parts is None or not parts[0].strip():
            raise InvalidInput("anchoring.add_usage")
        group = scopes.require_group(scope)
        stakeholder = Stakeholder(workspace_id=group.workspace_id, group_id=id_of(group),
                                  number=await queries.next_number(uow, Stakeholder, group),
                                  name_or_role=parts[0][:200], direction=parts[1], relation=parts[2],
                                  created_at=ctx.clock.now())
        uow.session.add(stakeholder)
        await uow.commit()
    return Reply(Message(ctx.t(scope.lang, "anchoring.added", line=_line(ctx, scope.lang, stakeholder),
                               direction=ctx.t(scope.lang, f"anchoring.direction.{stakeholder.direction}"))))


def _apply_edit(stakeholder: Stakeholder, field: str, value: str) -> None:
    """Change one field; a bare direction or relation word (`endre 2 forankret`) changes that."""
    target = _FIELDS.get(field.lower())
    if target is None and not value and (parse_relation(field) or parse_direction(field)):
        target, value = ("relation" if parse_relation(field) else "direction"), field
    if target == "name" and value:
        stakeholder.name_or_role = value[:200]
    elif target == "direction" and parse_direction(value):
        stakeholder.direction = str(parse_direction(value))
    elif target == "relation" and parse_relation(value):
        stakeholder.relation = str(parse_relation(value))
    elif target == "next":
        stakeholder.next_step = None if value in ("", "-") else value[:300]
    else:
        raise InvalidInput("anchoring.edit_usage")


async def edit(cmd: StakeholderEdit, req: Request) -> Reply:
    """`forankring endre <nr> <felt> <verdi>`: name, direction, relation or next step."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await _coordinator_scope(uow, ctx, req)
        stakeholder = await _by_number(uow, scopes.require_group(scope), cmd.number)
        _apply_edit(stakeholder, cmd.field, cmd.value.strip())
        await uow.commit()
    return Reply(Message(ctx.t(scope.lang, "anchoring.updated", line=_line(ctx, scope.lang, stakeholder))))


def _contact_date(ctx: AppContext, text: str, today: date, lang: str) -> date:
    """The day of contact: today when empty; a past day is fine here, a future one is not."""
    if not text.strip():
        return today
    result = parse_date(text, today=today, lang=lang)
    day = result.date if result.ok else read_date(result) if result.error == PAST else None
    if day is None:
        raise InvalidInput("errors.plain", text=explain(result, lang, texts=ctx.texts))
    if day > today:
        raise InvalidInput("anchoring.contact_future", date=format_date(day, lang))
    return day


async def contact(cmd: StakeholderContact, req: Request) -> Reply:
    """`forankring kontakt <nr> [dato]`: record the latest contact (today unless a date is given)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await _coordinator_scope(uow, ctx, req)
        group = scopes.require_group(scope)
        stakeholder = await _by_number(uow, group, cmd.number)
        today = local_today(ctx.clock.now(), group.timezone)
        stakeholder.last_contact = _contact_date(ctx, cmd.date_text, today, scope.lang)
        await uow.commit()
    return Reply(Message(ctx.t(scope.lang, "anchoring.updated", line=_line(ctx, scope.lang, stakeholder))))


async def remove(cmd: StakeholderRemove, req: Request) -> Reply:
    """`forankring fjern <nr>`: take a stakeholder off the map."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await _coordinator_scope(uow, ctx, req)
        stakeholder = await _by_number(uow, scopes.require_group(scope), cmd.number)
        await uow.session.delete(stakeholder)
        await uow.commit()
    return Reply(Message(ctx.t(scope.lang, "anchoring.removed", number=cmd.number, name=stakeholder.name_or_role)))


async def ask_message(uow: UnitOfWork, ctx: AppContext, lang: str, group: Group, gathering: str) -> Message:
    """The after-gathering question: which stakeholders did you contact? One button per stakeholder."""
    people = await stakeholders(uow, group)
    if not people:
        return Message(ctx.t(lang, "anchoring.ask_empty", gathering=gathering, municipality=group.municipality),
                       title=ctx.t(lang, "anchoring.ask_title"))
    buttons = tuple(Button(ctx.t(lang, "anchoring.ask_button", name=s.name_or_role[:60]), "stakeholder_contacted",
                           str(s.id)) for s in people[:MAX_ASK_BUTTONS])
    return Message(ctx.t(lang, "anchoring.ask_text", gathering=gathering, municipality=group.municipality)
                   + "\n\n" + map_text(ctx, lang, people), title=ctx.t(lang, "anchoring.ask_title"), buttons=buttons)


async def contacted_button(button: Pressed, req: Request) -> Reply:
    """A stakeholder's button under the after-gathering question: contacted today."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        stakeholder = await uow.session.get(Stakeholder, int(button.value)) if button.value.isdigit() else None
        workspace = await queries.find_workspace(uow.session, req.actor.platform, req.actor.workspace)
        if stakeholder is None or workspace is None or stakeholder.workspace_id != workspace.id:
            raise InvalidInput("milestones.unknown_button")
        group = await uow.session.get(Group, stakeholder.group_id)
        if group is None:  # the stakeholder's group row is gone (the foreign key makes this unexpected)
            raise InvalidInput("milestones.unknown_button")
        scope = await scopes.scope_for_group(uow, ctx, req.actor, group)
        scopes.require_coordinator(scope)
        stakeholder.last_contact = local_today(ctx.clock.now(), group.timezone)
        await uow.commit()
    return Reply(Message(ctx.t(scope.lang, "anchoring.updated", line=_line(ctx, scope.lang, stakeholder))))


async def anchoring_numbers(session: AsyncSession, group_ids: list[int]) -> dict[int, dict[str, dict[str, int]]]:
    """For the digest: stakeholders per group, direction (sideveis/oppover/nedover) and relation
    (informert/involvert/forankret); every group, direction and relation is present (zeros included)."""
    numbers = {gid: {d: dict.fromkeys(RELATIONS, 0) for d in DIRECTIONS} for gid in group_ids}
    found = await session.exec(
        select(Stakeholder.group_id, Stakeholder.direction, Stakeholder.relation, func.count())
        .where(col(Stakeholder.group_id).in_(group_ids))
        .group_by(col(Stakeholder.group_id), col(Stakeholder.direction), col(Stakeholder.relation)))
    for gid, direction, relation, count in found.all():
        if direction in DIRECTIONS and relation in RELATIONS:
            numbers[int(gid)][direction][relation] = int(count)
    return numbers
