"""`/samskaping ordliste …`: coordinators keep the group's glossary; members suggest; discovery lists candidates."""

from __future__ import annotations

from sqlmodel import select

from bot.errors import InvalidInput
from bot.features.language import commands as lc
from bot.features.language.shipped import load_engine
from bot.features.language.store import (
    MAX_PLAIN,
    MAX_TERM,
    find_suppression,
    group_terms,
    key_of,
    shipped_entry,
    suppressions,
)
from bot.features.language.tables import GroupTerm, TermSuggestion, TermSuppression
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.context import AppContext, Request
from bot.kernel.storage.tables import Group, id_of
from bot.kernel.storage.uow import UnitOfWork
from bot.kernel.storage.upserts import add_once


def clean(term: str, plain: str) -> tuple[str, str]:
    """The term and explanation as stored, or a kind error saying what is wrong."""
    term, plain = " ".join(term.split()), " ".join(plain.split())
    if not 2 <= len(term) <= MAX_TERM or not any(ch.isalpha() for ch in term):
        raise InvalidInput("hints.glossary_bad_term", max=MAX_TERM)
    if len(plain) > MAX_PLAIN:
        raise InvalidInput("hints.glossary_bad_plain", max=MAX_PLAIN)
    return term, plain


async def find_term(uow: UnitOfWork, group: Group, key: str) -> GroupTerm | None:
    found = await uow.session.exec(select(GroupTerm).where(
        GroupTerm.workspace_id == group.workspace_id, GroupTerm.group_id == group.id, GroupTerm.key == key))
    return found.first()


async def find_suggestion(uow: UnitOfWork, group: Group, key: str) -> TermSuggestion | None:
    found = await uow.session.exec(select(TermSuggestion).where(
        TermSuggestion.workspace_id == group.workspace_id, TermSuggestion.group_id == group.id,
        TermSuggestion.key == key))
    return found.first()


async def save_term(uow: UnitOfWork, ctx: AppContext, group: Group, term: str, plain: str) -> bool:
    """Add or change a group term; True when it was new. An accepted suggestion is settled."""
    now, key = ctx.clock.now(), key_of(term)
    row = await find_term(uow, group, key)
    if row is None:
        uow.session.add(GroupTerm(workspace_id=group.workspace_id, group_id=id_of(group), key=key,
                                  term=term, plain=plain, created_at=now, updated_at=now))
    else:
        row.term, row.plain, row.updated_at = term, plain, now
    suggested = await find_suggestion(uow, group, key)
    if suggested is not None:
        await uow.session.delete(suggested)
    return row is None


async def add_term(cmd: lc.GlossaryAdd, req: Request) -> Reply:
    """`ordliste ny <term> = <forklaring>` (coordinators): add or change a term of the group."""
    ctx = req.ctx
    term, plain = clean(cmd.term, cmd.plain)
    if not plain:
        raise InvalidInput("hints.glossary_needs_plain", term=term)
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group = scopes.coordinators_group(scope)
        is_new = await save_term(uow, ctx, group, term, plain)
        await uow.commit()
    key = "hints.glossary_added" if is_new else "hints.glossary_changed"
    return Reply(Message(ctx.t(scope.lang, key, term=term, plain=plain)))


async def remove_term(cmd: lc.GlossaryRemove, req: Request) -> Reply:
    """`ordliste fjern <term>` (coordinators): remove a group term, or undo `forstått` for a shipped one."""
    ctx = req.ctx
    key = key_of(cmd.term)
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group = scopes.coordinators_group(scope)
        row = await find_term(uow, group, key)
        muted = await find_suppression(uow.session, group, "", key)
        if row is None and muted is None:
            raise InvalidInput("hints.glossary_not_found", term=cmd.term)
        for found in (row, muted):
            if found is not None:
                await uow.session.delete(found)
        await uow.commit()
    text_key = "hints.glossary_removed" if row is not None else "hints.glossary_unmuted"
    return Reply(Message(ctx.t(scope.lang, text_key, term=row.term if row else cmd.term)))


async def mark_understood(cmd: lc.GlossaryUnderstood, req: Request) -> Reply:
    """`ordliste forstått <term>`: the group knows this term; nobody gets hints about it there.

    Any member may say so about a word the signals found (an English word, a rare word, a name, an acronym);
    a term of the shipped or the group's glossary takes a coordinator.
    """
    ctx = req.ctx
    entry = shipped_entry(load_engine(), cmd.term)
    key = key_of(entry.term if entry else cmd.term)
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group = scopes.members_group(scope)
        if entry is not None or await find_term(uow, group, key) is not None:
            group = scopes.coordinators_group(scope)
        await add_once(uow.session, TermSuppression, ("group_id", "user_id", "key"), {
            "workspace_id": group.workspace_id, "group_id": group.id, "user_id": "", "key": key,
            "created_at": ctx.clock.now()})
        await uow.commit()
    return Reply(Message(ctx.t(scope.lang, "hints.glossary_understood", term=entry.term if entry else cmd.term)))


def _display(key: str) -> str:
    """A suppressed key as the glossary writes it (PPT, not ppt)."""
    entry = shipped_entry(load_engine(), key)
    return entry.term if entry else key


async def list_terms(cmd: lc.GlossaryList, req: Request) -> Reply:
    """`ordliste liste`: the group's own terms and the terms it marked as understood (anyone in the channel)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group = scopes.require_group(scope)
        terms = await group_terms(uow.session, group)
        muted = await suppressions(uow.session, group)
    lang = scope.lang
    lines = [ctx.t(lang, "hints.glossary_line", term=t.term, plain=t.plain) for t in terms]
    if not lines:
        lines.append(ctx.t(lang, "hints.glossary_empty"))
    if muted:
        names = [_display(s.key) for s in muted]
        lines.append(ctx.t(lang, "hints.glossary_understood_list", terms=", ".join(names)))
    return Reply(Message("\n".join(lines), title=ctx.t(lang, "hints.glossary_title", municipality=group.municipality)))
