"""The entry form (title, type, link, sector, owner, note): for a new entry, to edit one, or from a kildejakt answer.

A submitted form that cannot be saved comes back with what was typed and what to fix.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.errors import InvalidInput, NotAllowed
from bot.features.prompts.tables import PromptPost, Reflection
from bot.features.sources import records
from bot.features.sources.commands import SourceForm
from bot.features.sources.register import DETAILS, create, kinds_text, read_kind, read_link, read_sector
from bot.features.sources.rules import MAX_NOTE, MAX_OWNER, MAX_TITLE
from bot.features.sources.tables import SourceEntry
from bot.features.sources.views import kind_label, line
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Button, Form, FormInput, Message, Reply
from bot.kernel.commands.registry import Pressed, Submitted
from bot.kernel.context import AppContext, Request
from bot.kernel.storage.tables import Group, Member
from bot.kernel.storage.uow import UnitOfWork

FORM_ID = "source"
FROM_ANSWER = "source_from_answer"


def _initial(ctx: AppContext, lang: str, entry: SourceEntry | None) -> dict[str, str]:
    if entry is None:
        return {}
    return {"title": entry.title, "kind": kind_label(ctx, lang, entry.kind), "link": entry.link or "",
            "sector": entry.sector or "", "owner": entry.owner or "", "note": entry.note or ""}


def source_form(ctx: AppContext, lang: str, group: Group, entry: SourceEntry | None = None, *,
                values: Mapping[str, str] | None = None, error: str | None = None) -> Form:
    """The form, pre-filled from the entry (or from what was typed, when it comes back with an error)."""
    v = values if values is not None else _initial(ctx, lang, entry)

    def field(name: str, *, optional: bool = True, multiline: bool = False, max_length: int | None = None
              ) -> FormInput:
        label = ctx.t(lang, f"sources.form_field_{name}")
        return FormInput(name, label, initial=v.get(name, ""), multiline=multiline, max_length=max_length,
                         placeholder=ctx.t(lang, f"sources.form_field_{name}_hint", kinds=kinds_text(ctx, lang)),
                         optional=optional,
                         required_message="" if optional else ctx.t(lang, "sources.form_required", field=label))

    return Form(form_id=FORM_ID, title=ctx.t(lang, "sources.form_title"), submit_label=ctx.t(lang, "sources.form_save"),
                inputs=(field("title", optional=False, max_length=MAX_TITLE), field("kind", optional=False),
                        field("link", max_length=500), field("sector"), field("owner", max_length=MAX_OWNER),
                        field("note", multiline=True, max_length=MAX_NOTE)),
                intro=ctx.t(lang, "sources.form_intro"),
                metadata=f"{group.id}:{entry.number if entry else ''}", error=error)


async def open_form(cmd: SourceForm, req: Request) -> Reply:
    """`kilde ny` without arguments (any member), or `kilde endre <nr>` (who added it, or a coordinator)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await records.scope_in(uow, ctx, req)
        group = scopes.members_group(scope)
        entry = await records.by_number(uow, group, cmd.number) if cmd.number else None
        if entry is not None and not records.may_change(scope, entry, req.actor.user):
            raise NotAllowed("sources.not_yours")
        return Reply(form=source_form(ctx, scope.lang, group, entry))


async def _entry_for_button(uow: UnitOfWork, ctx: AppContext, req: Request, value: str
                            ) -> tuple[SourceEntry, Group, scopes.Scope]:
    entry = await uow.session.get(SourceEntry, int(value)) if value.isdigit() else None
    if entry is None:
        raise InvalidInput("sources.unknown_button")
    group = await records.group_from_metadata(uow, req, str(entry.group_id))
    scope = await scopes.scope_for_group(uow, ctx, req.actor, group)
    scopes.require_member(scope)
    if not records.may_change(scope, entry, req.actor.user):
        raise NotAllowed("sources.not_yours")
    return entry, group, scope


async def details_button(button: Pressed, req: Request) -> Reply:
    """"Legg til detaljer" under a new entry: the form for it."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        entry, group, scope = await _entry_for_button(uow, ctx, req, button.value)
        return Reply(form=source_form(ctx, scope.lang, group, entry))


async def from_answer_button(button: Pressed, req: Request) -> Reply:
    """"Legg i kilderegisteret" under one's own kildejakt answer: the form, filled from the answer."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        reflection = await uow.session.get(Reflection, int(button.value)) if button.value.isdigit() else None
        member = await uow.session.get(Member, reflection.member_id) if reflection else None
        post = await uow.session.get(PromptPost, reflection.post_id) if reflection else None
        if reflection is None or member is None or post is None:
            raise InvalidInput("sources.unknown_button")
        group = await records.group_from_metadata(uow, req, str(post.group_id))
        scope = await scopes.scope_for_group(uow, ctx, req.actor, group)
        if member.user_id != req.actor.user:
            raise NotAllowed("sources.not_your_answer")
        first_line = reflection.text.strip().splitlines()[0] if reflection.text.strip() else ""
        values = {"title": first_line[:MAX_TITLE], "kind": "", "link": "", "sector": "", "owner": "",
                  "note": reflection.text.strip()[:MAX_NOTE]}
        return Reply(form=source_form(ctx, scope.lang, group, values=values))


async def submit(form: Submitted, req: Request) -> Reply:
    """Save the form: a new entry, or changes to one."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        group_id, _, number = form.metadata.partition(":")
        group = await records.group_from_metadata(uow, req, group_id)
        scope = await scopes.scope_for_group(uow, ctx, req.actor, group)
        scopes.require_member(scope)
        lang = scope.lang
        entry = await records.by_number(uow, group, int(number)) if number.isdigit() else None
        if entry is not None and not records.may_change(scope, entry, req.actor.user):
            raise NotAllowed("sources.not_yours")
        try:
            fields = _read(ctx, lang, form.values)
        except InvalidInput as exc:
            return Reply(form=source_form(ctx, lang, group, entry, values=form.values,
                                          error=ctx.t(lang, exc.key, **exc.params)))
        if entry is None:
            entry = await create(uow, ctx, group, req.actor.user, kind=str(fields.pop("kind")),
                                 title=str(fields.pop("title")), **fields)
            key = "sources.added"
        else:
            for name, value in fields.items():
                setattr(entry, name, value)
            key = "sources.updated"
        await uow.commit()
    return Reply(Message(ctx.t(lang, key, line=line(ctx, lang, entry)),
                         buttons=(Button(ctx.t(lang, "sources.button_details"), DETAILS, str(entry.id)),)))


def _read(ctx: AppContext, lang: str, values: Mapping[str, str]) -> dict[str, str | None]:
    """The form's fields, checked; InvalidInput names what to fix."""
    title = " ".join(values.get("title", "").split())[:MAX_TITLE]
    if not title:
        raise InvalidInput("sources.title_missing", kind="")
    return {"title": title, "kind": read_kind(ctx, lang, values.get("kind", "").strip()),
            "link": read_link(values.get("link", "").strip()), "sector": read_sector(values.get("sector", "")),
            "owner": values.get("owner", "").strip()[:MAX_OWNER] or None,
            "note": values.get("note", "").strip()[:MAX_NOTE] or None}


async def answer_button(uow: UnitOfWork, ctx: AppContext, group: Group, member: Member, reflection_id: int,
                        criterion: str, lang: str) -> Button | None:
    """Under a kildejakt answer: a button that turns it into a register entry."""
    if criterion != "kildejakt":
        return None
    return Button(ctx.t(lang, "sources.button_from_answer"), FROM_ANSWER, str(reflection_id))
