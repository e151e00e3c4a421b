"""The milestone form (title, date, kind, owner, description): open it, and save what was submitted.

A submitted form that cannot be saved comes back with what was typed and what to fix; an unclear date
gets the same confirmation buttons as the command.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.errors import InvalidInput
from bot.features.milestones import records
from bot.features.milestones import service as milestones
from bot.features.milestones.commands import MilestoneForm
from bot.features.milestones.rules import KINDS, guess_kind, parse_kind
from bot.features.milestones.tables import Milestone
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Form, FormInput, Reply
from bot.kernel.commands.registry import Pressed, Submitted
from bot.kernel.context import AppContext, Request
from bot.kernel.rules.dates import explain, local_today, parse_date
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Group, Member
from bot.kernel.storage.uow import UnitOfWork

FORM_ID = "milestone"
_MENTION = re.compile(r"^<@([^>|]+)(?:\|[^>]*)?>$|^@?(.+)$")


def _initial(milestone: Milestone | None, owner: str) -> dict[str, str]:
    if milestone is None:
        return {}
    return {"title": milestone.title, "date": milestone.due_date.isoformat(), "kind": milestone.kind,
            "owner": owner, "description": milestone.description or ""}


def milestone_form(ctx: AppContext, lang: str, group: Group, milestone: Milestone | None = None, *,
                   values: Mapping[str, str] | None = None, error: str | None = None, owner: str = "") -> Form:
    """The form, pre-filled from the milestone (or from what was typed, when it comes back with an error)."""
    v = values if values is not None else _initial(milestone, owner)
    number = str(milestone.number) if milestone else ""

    def field(name: str, *, multiline: bool = False, max_length: int | None = None, optional: bool = False
              ) -> FormInput:
        return FormInput(name, ctx.t(lang, f"milestones.form_field_{name}"), initial=v.get(name, ""),
                         placeholder=ctx.t(lang, f"milestones.form_field_{name}_hint", kinds=", ".join(KINDS)),
                         multiline=multiline, max_length=max_length, optional=optional,
                         required_message="" if optional else ctx.t(lang, "milestones.form_required",
                                                                    field=ctx.t(lang, f"milestones.form_field_{name}")))

    return Form(
        form_id=FORM_ID, title=ctx.t(lang, "milestones.form_title"), submit_label=ctx.t(lang, "milestones.form_save"),
        inputs=(field("title", max_length=200), field("date"), field("kind", optional=True),
                field("owner", optional=True), field("description", multiline=True, max_length=1000, optional=True)),
        intro=ctx.t(lang, "milestones.form_intro"), metadata=f"{group.id}:{number}", error=error)


async def open_form(cmd: MilestoneForm, req: Request) -> Reply:
    """`milepæl ny` without arguments, or `milepæl endre <nr>`: the form, for coordinators."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group = scopes.coordinators_group(scope)
        milestone = await records.by_number(uow, group, cmd.number) if cmd.number else None
        owner = (await records.owner_name(uow, milestone) or "") if milestone else ""
        return Reply(form=milestone_form(ctx, scope.lang, group, milestone, owner=owner))


async def open_form_button(button: Pressed, req: Request) -> Reply:
    """The "Flytt / endre" button on a nudge or a confirmation."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        milestone, scope = await records.by_id(uow, ctx, req, button.value)
        group = scopes.coordinators_group(scope)
        owner = await records.owner_name(uow, milestone) or ""
        return Reply(form=milestone_form(ctx, scope.lang, group, milestone, owner=owner))


async def _form_group(uow: UnitOfWork, req: Request, metadata: str) -> tuple[Group, int | None]:
    group_id, _, number = metadata.partition(":")
    group = await uow.session.get(Group, int(group_id)) if group_id.isdigit() else None
    workspace = await queries.find_workspace(uow.session, req.actor.platform, req.actor.workspace)
    if group is None or workspace is None or group.workspace_id != workspace.id:
        raise InvalidInput("milestones.unknown_button")
    return group, int(number) if number.isdigit() else None


async def submit(form: Submitted, req: Request) -> Reply:
    """Save the form: a new milestone, or changes to one (its nudges are planned afresh)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        group, number = await _form_group(uow, req, form.metadata)
        scope = await scopes.scope_for_group(uow, ctx, req.actor, group)
        scopes.require_coordinator(scope)
        milestone = await records.by_number(uow, group, number) if number else None
        try:
            op = await _read_fields(uow, ctx, group, scope.lang, form.values)
        except InvalidInput as exc:
            error = ctx.t(scope.lang, exc.key, **exc.params)
            return Reply(form=milestone_form(ctx, scope.lang, group, milestone, values=form.values, error=error))
        op = {**op, "op": "edit", "number": number} if number else {**op, "op": "add"}
        today = local_today(ctx.clock.now(), group.timezone)
        result = parse_date(form.values.get("date", ""), today=today, lang=scope.lang)
        op["time"] = result.time.strftime("%H:%M") if result.time else None
        if result.ok and result.date is not None:  # ok means a date was read
            return await milestones.save(uow, ctx, group, scope.lang, op, result.date)
        if milestones.date_options(result):
            return await milestones.ask_to_confirm(uow, ctx, group, req.actor.user, scope.lang, result, op)
        error = explain(result, scope.lang, texts=ctx.texts)
        return Reply(form=milestone_form(ctx, scope.lang, group, milestone, values=form.values, error=error))


async def _read_fields(uow: UnitOfWork, ctx: AppContext, group: Group, lang: str, values: Mapping[str, str]
                       ) -> dict[str, object]:
    """Title, kind, owner and description from the form, checked; InvalidInput names what to fix."""
    title = " ".join(values.get("title", "").split())[:200]
    if not title:
        raise InvalidInput("milestones.title_missing")
    kind_text = values.get("kind", "").strip()
    kind = parse_kind(kind_text) if kind_text else guess_kind(title)
    if kind is None:
        raise InvalidInput("milestones.unknown_kind", kind=kind_text, kinds=", ".join(KINDS))
    owner = await _owner(uow, group, values.get("owner", "").strip())
    description = values.get("description", "").strip()[:1000] or None
    return {"title": title, "kind": kind, "owner_id": owner.id if owner else None, "description": description,
            "time": None}


async def _owner(uow: UnitOfWork, group: Group, text: str) -> Member | None:
    """The member named by a mention, a user id or a display name; "" means the coordinators."""
    if not text:
        return None
    match = _MENTION.match(text)
    wanted = (match.group(1) or match.group(2) or "").strip().casefold() if match else ""
    for member in await queries.members(uow.session, group):
        if wanted in (member.user_id.casefold(), (member.display_name or "").casefold()):
            return member
    raise InvalidInput("milestones.unknown_owner", owner=text)
