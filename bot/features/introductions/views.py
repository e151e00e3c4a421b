"""What introductions look like in chat: the introduction itself and the question afterwards."""

from __future__ import annotations

from collections.abc import Sequence

from bot.kernel.chat.messages import Button, Message
from bot.kernel.context import AppContext
from bot.kernel.programme.prompts import Prompt
from bot.kernel.storage.tables import Group, Member

MET, NOT_YET = "intro_met", "intro_not_yet"


def _name(ctx: AppContext, lang: str, member: Member) -> str:
    sector = (ctx.t(lang, f"sectors.{member.sector}") if member.sector and ctx.texts.has(f"sectors.{member.sector}")
              else ctx.t(lang, "sectors.unknown"))
    return ctx.t(lang, "introductions.person", name=member.display_name or member.user_id, sector=sector)


def introduction(ctx: AppContext, lang: str, group: Group, others: Sequence[Member], question: Prompt | None
                 ) -> Message:
    """To one person: who they are introduced to, a 20-minute talk and one question to start with."""
    names = ", ".join(_name(ctx, lang, m) for m in others)
    text = ctx.t(lang, "introductions.text", count=len(others), names=names, municipality=group.municipality)
    if question is not None:
        text += "\n\n" + ctx.t(lang, "introductions.question", question=question.text.get(lang))
    return Message(text, title=ctx.t(lang, "introductions.title"), footer=ctx.t(lang, "introductions.footer"))


def introduction_together(ctx: AppContext, lang: str, group: Group, members: Sequence[Member],
                          question: Prompt | None) -> Message:
    """To everyone in a group conversation at once: who they are, a 20-minute talk and one question."""
    names = ", ".join(_name(ctx, lang, m) for m in members)
    text = ctx.t(lang, "introductions.text_together", names=names, municipality=group.municipality)
    if question is not None:
        text += "\n\n" + ctx.t(lang, "introductions.question", question=question.text.get(lang))
    return Message(text, title=ctx.t(lang, "introductions.title"), footer=ctx.t(lang, "introductions.footer"))


def follow_up(ctx: AppContext, lang: str, others: Sequence[Member], match_id: int) -> Message:
    """Some days later: did you meet? One button each way."""
    names = ", ".join(m.display_name or m.user_id for m in others)
    return Message(ctx.t(lang, "introductions.ask", names=names), title=ctx.t(lang, "introductions.ask_title"),
                   buttons=(Button(ctx.t(lang, "introductions.button_met"), MET, str(match_id), "primary"),
                            Button(ctx.t(lang, "introductions.button_not_yet"), NOT_YET, str(match_id))))
