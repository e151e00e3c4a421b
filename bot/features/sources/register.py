"""`/samskaping kilde`: add, list, search and remove entries of the group's source register.

Every member may add and look; who added an entry, and the coordinators, may change or remove it.
"""

from __future__ import annotations

from bot.errors import InvalidInput, NotAllowed
from bot.features.sources import records
from bot.features.sources.commands import SourceAdd, SourceHelp, SourceList, SourceRemove, SourceSearch
from bot.features.sources.rules import (
    KINDS,
    MAX_TITLE,
    matches,
    parse_kind,
    parse_link,
    search_words,
    split_title_and_link,
)
from bot.features.sources.tables import SourceEntry
from bot.features.sources.views import MAX_LISTED, grouped_text, kind_label, line, sector_label
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Button, Message, Reply
from bot.kernel.context import AppContext, Request
from bot.kernel.rules.people import Sector, parse_sector
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Group, id_of
from bot.kernel.storage.uow import UnitOfWork

DETAILS = "source_details"


def kinds_text(ctx: AppContext, lang: str) -> str:
    return ", ".join(kind_label(ctx, lang, k) for k in KINDS)


def read_kind(ctx: AppContext, lang: str, typed: str) -> str:
    kind = parse_kind(typed)
    if kind is None:
        raise InvalidInput("sources.unknown_kind", kind=typed, kinds=kinds_text(ctx, lang))
    return kind


def read_link(typed: str | None) -> str | None:
    if not typed:
        return None
    link = parse_link(typed)
    if link is None:
        raise InvalidInput("sources.bad_link", link=typed)
    return link


def read_sector(typed: str) -> str | None:
    """A sector (nb/nn/en, as `bli-med` reads it), None for empty; InvalidInput for one we cannot read."""
    if not typed.strip():
        return None
    sector = parse_sector(typed)
    if sector is None:
        raise InvalidInput("sources.unknown_sector", sector=typed, sectors=", ".join(s.value for s in Sector))
    return sector.value


async def create(uow: UnitOfWork, ctx: AppContext, group: Group, user_id: str, *, kind: str, title: str,
                 link: str | None = None, sector: str | None = None, owner: str | None = None,
                 note: str | None = None) -> SourceEntry:
    """A new entry, numbered after the group's last one (caller commits)."""
    entry = SourceEntry(workspace_id=group.workspace_id, group_id=id_of(group),
                        number=await queries.next_number(uow, SourceEntry, group), kind=kind, title=title,
                        link=link, sector=sector, owner=owner, note=note, added_by=user_id,
                        created_at=ctx.clock.now())
    uow.session.add(entry)
    await uow.session.flush()
    return entry


async def add(cmd: SourceAdd, req: Request) -> Reply:
    """`kilde ny <type> <tittel> [lenke]`: any member adds an entry; the details come with a button."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await records.scope_in(uow, ctx, req)
        group = scopes.members_group(scope)
        lang = scope.lang
        kind = read_kind(ctx, lang, cmd.kind)
        title, typed_link = split_title_and_link(cmd.text)
        if not title.strip():
            raise InvalidInput("sources.title_missing", kind=cmd.kind)
        link = read_link(typed_link)
        sector = scope.member.sector if scope.member and kind == "person" else None
        entry = await create(uow, ctx, group, req.actor.user, kind=kind, title=title.strip()[:MAX_TITLE], link=link,
                             sector=sector)
        await uow.commit()
    return Reply(Message(ctx.t(lang, "sources.added", line=line(ctx, lang, entry)),
                         buttons=(Button(ctx.t(lang, "sources.button_details"), DETAILS, str(entry.id)),)))


async def _register(req: Request) -> tuple[Group, str, list[SourceEntry]]:
    """The asker's group, their language and the group's register (every member may look)."""
    async with req.ctx.uow() as uow:
        scope = await records.scope_in(uow, req.ctx, req)
        group = scopes.members_group(scope)
        return group, scope.lang, await records.entries(uow, group)


async def list_entries(cmd: SourceList, req: Request) -> Reply:
    """`kilde [liste] [sektor]`: the register grouped by sector (every member may look)."""
    ctx = req.ctx
    group, lang, entries = await _register(req)
    sector = read_sector(cmd.sector)
    found = [e for e in entries if sector is None or e.sector == sector]
    title = ctx.t(lang, "sources.title", municipality=group.municipality)
    if not found:
        key = "sources.none_in_sector" if sector else "sources.none"
        return Reply(Message(ctx.t(lang, key, sector=sector_label(ctx, lang, sector)), title=title))
    more = len(found) - MAX_LISTED
    text = grouped_text(ctx, lang, found[:MAX_LISTED])
    if more > 0:
        text += "\n\n" + ctx.t(lang, "sources.more", count=more)
    return Reply(Message(text, title=title, footer=ctx.t(lang, "sources.footer", count=len(found))))


async def search(cmd: SourceSearch, req: Request) -> Reply:
    """`kilde søk <ord>`: entries of this group whose title, note, owner or sector has every word."""
    ctx = req.ctx
    _, lang, entries = await _register(req)
    words = search_words(cmd.words)
    found = [e for e in entries if matches(words, e.title, e.note, e.owner, e.link,
                                           sector_label(ctx, lang, e.sector), kind_label(ctx, lang, e.kind))]
    if not found:
        return Reply(Message(ctx.t(lang, "sources.search_none", words=cmd.words)))
    return Reply(Message(grouped_text(ctx, lang, found[:MAX_LISTED]),
                         title=ctx.t(lang, "sources.search_title", words=cmd.words, count=len(found))))


async def remove(cmd: SourceRemove, req: Request) -> Reply:
    """`kilde fjern <nr>`: who added it, or a coordinator, takes an entry out of the register."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await records.scope_in(uow, ctx, req)
        group = scopes.members_group(scope)
        entry = await records.by_number(uow, group, cmd.number)
        if not records.may_change(scope, entry, req.actor.user):
            raise NotAllowed("sources.not_yours")
        await uow.session.delete(entry)
        await uow.commit()
    return Reply(Message(ctx.t(scope.lang, "sources.removed", number=entry.number, title=entry.title)))


async def show_help(cmd: SourceHelp, req: Request) -> Reply:
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await records.scope_in(uow, ctx, req)
    lang = scope.lang
    return Reply(Message(ctx.t(lang, "sources.how_to"),
                         title=ctx.t(lang, "sources.help_title")))
