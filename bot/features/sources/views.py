"""What register entries look like in chat: one line each, grouped by sector."""

from __future__ import annotations

from collections.abc import Sequence

from bot.features.sources.rules import NO_SECTOR, by_sector
from bot.features.sources.tables import SourceEntry
from bot.kernel.context import AppContext

#: Slack and Teams messages stay well under their limits with this many entries in a list
MAX_LISTED = 60


def kind_label(ctx: AppContext, lang: str, kind: str) -> str:
    return ctx.t(lang, f"sources.kind.{kind}")


def sector_label(ctx: AppContext, lang: str, sector: str | None) -> str:
    if not sector or sector == NO_SECTOR:
        return ctx.t(lang, "sources.no_sector")
    return ctx.t(lang, f"sectors.{sector}") if ctx.texts.has(f"sectors.{sector}") else sector


def line(ctx: AppContext, lang: str, entry: SourceEntry) -> str:
    """`#3 Kommuneplanens samfunnsdel (plan) · eier: Plan og utvikling · lenke` and the note below."""
    text = ctx.t(lang, "sources.line", number=entry.number, title=entry.title,
                 kind=kind_label(ctx, lang, entry.kind))
    if entry.owner:
        text += ctx.t(lang, "sources.line_owner", owner=entry.owner)
    if entry.link:
        text += f" · {entry.link}"
    if entry.note:
        text += "\n    " + entry.note
    return text


def grouped_text(ctx: AppContext, lang: str, found: Sequence[SourceEntry]) -> str:
    """Entries under a heading per sector (usual order, no sector last)."""
    return "\n\n".join(f"*{sector_label(ctx, lang, sector)}*\n" + "\n".join(line(ctx, lang, e) for e in items)
                       for sector, items in by_sector(found))
