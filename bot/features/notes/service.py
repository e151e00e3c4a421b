"""Gathering notes in chat (`/samskaping notat`, coordinators only) and as files (`samskaping notes`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.errors import InvalidInput, NotAllowed, UserError
from bot.features.notes.collect import collect_notes
from bot.features.notes.commands import GatheringNotes
from bot.features.notes.links import FORMATS, NotesRef, link_expiry, notes_url
from bot.features.notes.outline import Line, outline
from bot.features.notes.render import notes_docx, notes_html, notes_text
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.context import AppContext, Request
from bot.kernel.delivery.outbox import Envelope, enqueue
from bot.kernel.rules.dates import format_date
from bot.kernel.rules.people import Role
from bot.kernel.storage.tables import Group, Member, id_of
from bot.kernel.storage.uow import UnitOfWork


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
        ref = NotesRef(id_of(group), req.actor.user, cmd.gathering, cmd.shareable, lang)
        sent = await _send_links(uow, ctx, group, ref, title)
        await uow.commit()
    footer = ctx.t(lang, "notes.links_sent") if sent else ctx.t(lang, "notes.as_file", municipality=group.municipality)
    return Reply(Message(body, title=title, footer=footer), panel=True)


async def _send_links(uow: UnitOfWork, ctx: AppContext, group: Group, ref: NotesRef, title: str) -> bool:
    """A direct message to the coordinator with links to the notes as a Word file and a printable page (through
    the outbox, so it is kept in their chat); False when links cannot be signed (no REPORT_SECRET_KEY)."""
    now = ctx.clock.now()
    expires = link_expiry(now)
    urls = {fmt: notes_url(ctx.settings, ref, fmt, expires) for fmt in FORMATS}
    if any(url is None for url in urls.values()):
        return False
    text = ctx.t(ref.lang, "notes.links", docx=urls["docx"], html=urls["html"],
                 until=format_date(expires.astimezone(ZoneInfo(group.timezone)).date(), ref.lang))
    await enqueue(uow.session, Envelope(
        workspace_id=group.workspace_id, key=f"notes:{group.id}:{ref.user_id}:{now.isoformat()}", kind="notes",
        # plain text, no title: then Teams sends a markdown message, where bare links are clickable on every client
        target="dm", user_id=ref.user_id, message=Message(f"*{title}*\n{text}"), due_at=now, priority=2), now=now)
    return True


async def linked_notes(ctx: AppContext, ref: NotesRef) -> tuple[list[Line], str] | None:
    """The notes a signed link opens (outline, municipality), made now; None when the group is gone, the person
    the link was made for is no longer one of its coordinators, or the gathering is no longer in the programme."""
    async with ctx.uow() as uow:
        group = await uow.session.get(Group, ref.group_id)
        coordinator = None if group is None else (await uow.session.exec(select(Member).where(
            Member.workspace_id == group.workspace_id, Member.group_id == ref.group_id,
            Member.user_id == ref.user_id, Member.role == Role.COORDINATOR.value,
            Member.active == True))).first()  # noqa: E712
        if group is None or coordinator is None:
            return None
        try:
            document = await collect_notes(uow, ctx, group, ref.gathering, shareable=ref.shareable, lang=ref.lang)
        except UserError:
            return None
    return outline(document, _translator(ctx, ref.lang)), group.municipality


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
