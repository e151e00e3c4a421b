"""Gathering notes in chat (`/samskaping notat`, coordinators only) and as files (`samskaping notes`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlmodel import select

from bot.errors import InvalidInput, NotAllowed
from bot.features.notes.collect import collect_notes
from bot.features.notes.commands import GatheringNotes
from bot.features.notes.outline import Line, outline
from bot.features.notes.render import notes_docx, notes_html, notes_text
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.context import AppContext, Request
from bot.kernel.rules.people import Role
from bot.kernel.storage.tables import Group


def _translator(ctx: AppContext, lang: str) -> Any:
    def t(key: str, **params: object) -> str:
        return ctx.t(lang, key, **params)
    return t


async def gathering_notes(cmd: GatheringNotes, req: Request) -> Reply:
    """The notes for a gathering, privately to a coordinator (a Slack modal, a Teams card, console text)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group, lang = scopes.members_group(scope), scope.lang
        if scope.member is None or scope.member.role != Role.COORDINATOR.value:  # answers carry names
            raise NotAllowed("notes.coordinators_only")
        document = await collect_notes(uow, ctx, group, cmd.gathering, shareable=cmd.shareable, lang=lang)
    title, body = notes_text(outline(document, _translator(ctx, lang)))
    return Reply(Message(body, title=title, footer=ctx.t(lang, "notes.as_file", municipality=group.municipality)),
                 panel=True)


async def notes_lines(ctx: AppContext, municipality: str, *, gathering: str | None, shareable: bool,
                      lang: str | None) -> tuple[list[Line], str]:
    """The outline of one group's notes (found by municipality), and the language used."""
    async with ctx.uow() as uow:
        groups = (await uow.session.exec(select(Group))).all()
        found = [g for g in groups if g.municipality.casefold() == municipality.casefold()]
        if not found:
            raise InvalidInput("notes.unknown_group", municipality=municipality,
                               known=", ".join(sorted(g.municipality for g in groups)) or "–")
        group = found[0]
        chosen = lang or group.language
        document = await collect_notes(uow, ctx, group, gathering, shareable=shareable, lang=chosen)
    return outline(document, _translator(ctx, chosen)), chosen


def write_notes(lines: list[Line], lang: str, out: Path) -> None:
    """Write the notes as .html or .docx (by the file's suffix)."""
    if out.suffix.lower() == ".docx":
        out.write_bytes(notes_docx(lines))
    elif out.suffix.lower() in (".html", ".htm"):
        out.write_text(notes_html(lines, lang), encoding="utf-8")
    else:
        raise InvalidInput("notes.bad_suffix", name=out.name)
