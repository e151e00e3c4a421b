"""`kilde søk alle <ord>`: a programme's leads search every group's register — titles and sectors only.

Never who added an entry, never notes, owners or links: what a lead sees is what groups found, not people.
"""

from __future__ import annotations

from sqlmodel import col, select

from bot.errors import NotAllowed
from bot.features.digest.handlers import roles_of
from bot.features.sources import records, register
from bot.features.sources.commands import SourceSearch
from bot.features.sources.rules import matches, search_words
from bot.features.sources.tables import SourceEntry
from bot.features.sources.views import MAX_LISTED, kind_label, sector_label
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.context import Request
from bot.kernel.storage.tables import Group

#: the programme roles that may search across groups (a mentor sees only the groups they follow: not here)
SEARCHING_ROLES = ("lead", "owner")


async def search_everywhere(cmd: SourceSearch, req: Request) -> Reply:
    """Entries in the groups of the programmes the actor leads whose title, type or sector has every word."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await records.scope_in(uow, ctx, req)
        lang = scope.lang
        programmes = [r.programme_id for r in await roles_of(uow, scope.workspace_id, req.actor.user)
                      if r.role in SEARCHING_ROLES]
        if not programmes:
            raise NotAllowed("sources.leads_only")
        found = await uow.session.exec(select(SourceEntry.title, SourceEntry.kind, SourceEntry.sector,
                                              Group.municipality)
                                       .join(Group, col(Group.id) == SourceEntry.group_id)
                                       .where(SourceEntry.workspace_id == scope.workspace_id,
                                              col(Group.programme_id).in_(programmes))
                                       .order_by(col(Group.municipality), col(SourceEntry.number)))
        words = search_words(cmd.words)
        rows = [(title, kind, sector, municipality) for title, kind, sector, municipality in found.all()
                if matches(words, title, sector_label(ctx, lang, sector), kind_label(ctx, lang, kind))]
    if not rows:
        return Reply(Message(ctx.t(lang, "sources.search_none", words=cmd.words)))
    lines = [ctx.t(lang, "sources.programme_line", municipality=m, title=t, kind=kind_label(ctx, lang, k),
                   sector=sector_label(ctx, lang, s)) for t, k, s, m in rows[:MAX_LISTED]]
    return Reply(Message("\n".join(lines), title=ctx.t(lang, "sources.search_title", words=cmd.words,
                                                        count=len(rows)),
                         footer=ctx.t(lang, "sources.programme_footer")))


async def search(cmd: SourceSearch, req: Request) -> Reply:
    """`kilde søk <ord>` in the group; `kilde søk alle <ord>` across the programmes a lead follows."""
    if cmd.everywhere:
        return await search_everywhere(cmd, req)
    return await register.search(cmd, req)
