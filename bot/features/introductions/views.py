"""What introductions look like in chat: the introduction itself (who, and why them) and the question afterwards."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.features.introductions.rules import Reasons
from bot.kernel.chat.messages import Button, Message
from bot.kernel.context import AppContext
from bot.kernel.programme.prompts import Prompt
from bot.kernel.storage.tables import Member

MET, NOT_YET = "intro_met", "intro_not_yet"


@dataclass(frozen=True)
class Where:
    """Where a round's people come from: one group's municipality, or two ("Bodø og Lillehammer"), and then
    each group's municipality by id, to say where each person is from."""

    municipality: str
    places: Mapping[int, str] = field(default_factory=dict)


def _name(ctx: AppContext, lang: str, member: Member, where: Where) -> str:
    sector = (ctx.t(lang, f"sectors.{member.sector}") if member.sector and ctx.texts.has(f"sectors.{member.sector}")
              else ctx.t(lang, "sectors.unknown"))
    name = member.display_name or member.user_id
    if member.group_id in where.places:
        return ctx.t(lang, "introductions.person_from", name=name, sector=sector,
                     municipality=where.places[member.group_id])
    return ctx.t(lang, "introductions.person", name=name, sector=sector)


def why(ctx: AppContext, lang: str, reasons: Reasons) -> str:
    """One line on why these people were put together (the pairing explained)."""
    parts = [ctx.t(lang, f"introductions.why_{k}") for k, on in (
        ("sectors", reasons.mixed), ("new", reasons.new), ("across", reasons.across)) if on]
    if not parts:
        return ctx.t(lang, "introductions.why_none")
    return ctx.t(lang, "introductions.why", reasons=", ".join(parts))


def _body(ctx: AppContext, lang: str, text: str, question: Prompt | None, reasons: Reasons) -> Message:
    text += "\n\n" + why(ctx, lang, reasons)
    if question is not None:
        text += "\n\n" + ctx.t(lang, "introductions.question", question=question.text.get(lang))
    return Message(text, title=ctx.t(lang, "introductions.title"), footer=ctx.t(lang, "introductions.footer"))


def introduction(ctx: AppContext, lang: str, where: Where, others: Sequence[Member], question: Prompt | None,
                 reasons: Reasons) -> Message:
    """To one person: who they are introduced to and why, a 20-minute talk and one question to start with."""
    names = ", ".join(_name(ctx, lang, m, where) for m in others)
    text = ctx.t(lang, "introductions.text", count=len(others), names=names, municipality=where.municipality)
    return _body(ctx, lang, text, question, reasons)


def introduction_together(ctx: AppContext, lang: str, where: Where, members: Sequence[Member],
                          question: Prompt | None, reasons: Reasons) -> Message:
    """To everyone in a group conversation at once: who they are and why, a 20-minute talk and one question."""
    names = ", ".join(_name(ctx, lang, m, where) for m in members)
    text = ctx.t(lang, "introductions.text_together", names=names, municipality=where.municipality)
    return _body(ctx, lang, text, question, reasons)


def follow_up(ctx: AppContext, lang: str, others: Sequence[Member], match_id: int) -> Message:
    """Some days later: did you meet? One button each way."""
    names = ", ".join(m.display_name or m.user_id for m in others)
    return Message(ctx.t(lang, "introductions.ask", names=names), title=ctx.t(lang, "introductions.ask_title"),
                   buttons=(Button(ctx.t(lang, "introductions.button_met"), MET, str(match_id), "primary"),
                            Button(ctx.t(lang, "introductions.button_not_yet"), NOT_YET, str(match_id))))
