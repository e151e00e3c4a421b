"""Private language hints: check each group-channel message, count it, and maybe give its author one kind tip.

The message text is analysed in memory and dropped; only weekly counts and a log of hints sent are stored.
Hints are replies (ephemeral in Slack, personal in Teams) rather than outbox rows: a tip about a message is
only useful right after it was written, so a hint that does not fit the person's nudge budget is skipped,
not postponed. Each hint sent is logged in `HintLog`; the nudge budget counts them (`hints_given`) with queued
nudges.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import ScalarSelect, delete, func
from sqlmodel import col, select

from bot.features.language import counts
from bot.features.language.engine import Finding
from bot.features.language.engine.engine import LEARNABLE
from bot.features.language.shipped import load_engine
from bot.features.language.store import GroupGlossary, group_glossary, muted_by
from bot.features.language.tables import ALL_TERMS, HintLog, TermSuppression
from bot.kernel import scope as scopes
from bot.kernel.chat.events import MessageEvent
from bot.kernel.chat.messages import Button, Message, Reply
from bot.kernel.context import AppContext, Request
from bot.kernel.delivery import budget
from bot.kernel.programme import calendars
from bot.kernel.storage.tables import Group, Member, id_of
from bot.kernel.storage.uow import UnitOfWork
from bot.kernel.storage.upserts import add_once

log = logging.getLogger(__name__)

WHY = "hint_why"
MUTE = "hint_mute"
READABILITY = "lix"  # the lemma of a readability finding
_VALUE_MAX = 1900  # Slack allows 2000 characters in a button value
_LOG_DAYS = 8  # HintLog rows are needed for the weekly budget and the same-term window


def engine_lang(lang: str) -> str:
    """The written standard the engine matches and suggests in: nynorsk for nn, else bokmål phrases."""
    return lang if lang in ("nb", "nn", "en") else "nb"


def _by_priority(findings: Sequence[Finding]) -> list[Finding]:
    """Words first (they name something concrete to change), the readability finding last, unless the message
    is very hard to read (one sentence of more than 80 words, or a very high LIX): then that comes first."""
    return sorted(findings, key=lambda f: 0 if f.signal == "severe" else 2 if f.kind == "readability" else 1)


def is_muted(finding: Finding, muted: frozenset[str]) -> bool:
    return finding.lemma.lower() in muted or finding.text.lower() in muted


async def check_channel_message(req: Request, event: MessageEvent) -> Reply | None:
    """The language check of any channel message; a failed check is logged, never answered with an apology."""
    try:
        return await check_message(req, event.text)
    except Exception:
        log.exception("language check failed for a message in %s", req.channel)
        return None


async def check_message(req: Request, text: str) -> Reply | None:
    """Count a message written in a group channel; return at most one private hint for its author."""
    if not text or not text.strip():
        return None
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        if scope.group is None:
            return None
        group, lang = scope.group, engine_lang(scope.lang)
        glossary = await group_glossary(uow.session, group)
        engine = load_engine()
        analysis = engine.analyse(text, lang=lang, extra_entries=glossary.entries, suppressed=glossary.suppressed)
        candidates = engine.candidate_terms(text, lang="nn" if lang == "nn" else "nb",
                                            extra_entries=glossary.entries)
        candidates += [f.lemma for f in analysis.findings if f.signal in LEARNABLE]
        now = ctx.clock.now()
        week = counts.week_start(now, group.timezone)
        await counts.record_message(uow.session, group, week, analysis.findings, candidates)
        await _learn(uow, group, analysis.explained, now)
        finding = await _choose(uow, ctx, group, scope.member, req.actor.user, analysis.findings, now)
        if finding is not None:
            await _log_hint(uow, group, req.actor.user, finding, now, ctx.settings.hints_same_term_hours)
        await uow.commit()
    if finding is None:
        return None
    return Reply(hint_message(ctx, scope.lang, finding, glossary, id_of(group)), visibility="private")


async def _learn(uow: UnitOfWork, group: Group, explained: Sequence[str], now: datetime) -> None:
    """Words a member explained in a message (found by a signal, not the glossary) stop giving hints in the
    group, as if a coordinator had marked them understood; nothing is posted, only the word is kept."""
    for word in explained:
        await add_once(uow.session, TermSuppression, ("group_id", "user_id", "key"), {
            "workspace_id": group.workspace_id, "group_id": group.id, "user_id": "",
            "key": word[: counts.MAX_LEMMA], "created_at": now})


async def _choose(uow: UnitOfWork, ctx: AppContext, group: Group, member: Member | None, user_id: str,
                  findings: Sequence[Finding], now: datetime) -> Finding | None:
    """The finding worth a hint: hints on, not muted, not hinted lately, and the budget has room."""
    if not findings or not group.hints_enabled or (member is not None and not member.hints_enabled):
        return None
    muted = await muted_by(uow.session, group, user_id)
    if ALL_TERMS in muted:
        return None
    since = now - timedelta(hours=ctx.settings.hints_same_term_hours)
    recent = await _hinted_since(uow, group.workspace_id, user_id, since)
    fresh = [f for f in _by_priority(findings) if not is_muted(f, muted) and f.lemma.lower() not in recent]
    if not fresh:
        return None
    rules = calendars.group_rules(group, None)
    if not await budget.has_room_now(uow, ctx, group.workspace_id, user_id, now, rules):
        return None
    return fresh[0]


async def _hinted_since(uow: UnitOfWork, workspace_id: int, user_id: str, since: datetime) -> set[str]:
    found = await uow.session.exec(select(HintLog.lemma).where(
        HintLog.workspace_id == workspace_id, HintLog.user_id == user_id, HintLog.sent_at >= since))
    return set(found.all())


async def _log_hint(uow: UnitOfWork, group: Group, user_id: str, finding: Finding, now: datetime,
                    window_hours: float) -> None:
    """Remember the hint (term and time, no text) and forget this person's hints nobody needs any more."""
    keep = max(timedelta(days=_LOG_DAYS), timedelta(hours=window_hours))
    await uow.session.exec(delete(HintLog).where(
        col(HintLog.workspace_id) == group.workspace_id, col(HintLog.user_id) == user_id,
        col(HintLog.sent_at) < now - keep))
    uow.session.add(HintLog(workspace_id=group.workspace_id, group_id=id_of(group), user_id=user_id,
                            lemma=finding.lemma.lower()[: counts.MAX_LEMMA], sent_at=now))


_SIGNAL_TEXTS = {"readability": "hints.readability", "severe": "hints.readability", "acronym": "hints.acronym_unknown",
                 "english": "hints.english", "rare": "hints.rare", "insider": "hints.insider", "name": "hints.name"}


def _text_key(finding: Finding) -> str:
    """The hint's text: one per signal; glossary terms and acronyms have their own."""
    if finding.signal in _SIGNAL_TEXTS:
        return _SIGNAL_TEXTS[finding.signal]
    return "hints.acronym" if finding.kind == "acronym" else "hints.term"


def reason_of(ctx: AppContext, lang: str, finding: Finding, glossary: GroupGlossary) -> str:
    """Why the word fired; a term from the group's own glossary says so."""
    if finding.lemma.lower() in glossary.keys:
        return ctx.t(lang, "hints.reason_group", term=finding.lemma)
    return finding.reason


def term_label(ctx: AppContext, lang: str, finding: Finding) -> str:
    return ctx.t(lang, "hints.readability_name") if finding.kind == "readability" else finding.lemma


def hint_message(ctx: AppContext, lang: str, finding: Finding, glossary: GroupGlossary, group_id: int) -> Message:
    """The private tip: the word, the plain alternative, "why?" and "don't show me this again".

    The mute button carries the group id, because in Teams the tip may arrive in a 1:1 chat, not the channel.
    """
    text = ctx.t(lang, _text_key(finding), word=finding.text, plain=finding.suggestion)
    buttons = (
        Button(ctx.t(lang, "hints.why"), WHY, reason_of(ctx, lang, finding, glossary)[:_VALUE_MAX]),
        Button(ctx.t(lang, "hints.mute", term=term_label(ctx, lang, finding)), MUTE,
               f"{group_id}:{finding.lemma.lower()[: counts.MAX_LEMMA]}"),
    )
    return Message(text, buttons=buttons, footer=ctx.t(lang, "hints.footer"))


async def reflection_suggestion(uow: UnitOfWork, ctx: AppContext, group: Group, member: Member, text: str,
                                lang: str) -> str | None:
    """The same check on a reflection, as a tip added to the confirmation (never a block; None: no tip)."""
    try:
        if not group.hints_enabled or not member.hints_enabled:
            return None
        muted = await muted_by(uow.session, group, member.user_id)
        if ALL_TERMS in muted:
            return None
        glossary = await group_glossary(uow.session, group)
        findings = load_engine().analyse(text, lang=engine_lang(lang), extra_entries=glossary.entries,
                                         suppressed=glossary.suppressed).findings
    except Exception:  # a tip must never cost the person their saved reflection
        log.exception("language check of a reflection failed; confirmed without a tip")
        return None
    return _tips(ctx, lang, [f for f in _by_priority(findings) if not is_muted(f, muted)])


_REFLECTION_WHY = {"english": "jargon.signal.english", "rare": "jargon.signal.rare",
                   "insider": "jargon.signal.insider", "name": "jargon.signal.name",
                   "acronym": "jargon.kind.acronym"}


def _tips(ctx: AppContext, lang: str, findings: Sequence[Finding], limit: int = 3) -> str | None:
    """Up to `limit` tips, one line each, one per term."""
    lines: dict[str, str] = {}
    for finding in findings:
        if finding.kind == "readability":
            lines.setdefault(READABILITY, ctx.t(lang, "hints.reflection_readability", plain=finding.suggestion))
        elif finding.signal in _REFLECTION_WHY:  # no plain word to offer: say why, and what to do
            why = ctx.t(lang, _REFLECTION_WHY[finding.signal])
            lines.setdefault(finding.lemma.lower(), ctx.t(lang, "hints.reflection_signal", word=finding.text,
                                                          why=why, plain=finding.suggestion))
        else:
            lines.setdefault(finding.lemma.lower(), ctx.t(lang, "hints.reflection_line", word=finding.text,
                                                          plain=finding.suggestion))
    if not lines:
        return None
    return ctx.t(lang, "hints.reflection", tips="\n".join(list(lines.values())[:limit]))


def hints_given(workspace_id: int, user_id: str, start: datetime, end: datetime) -> ScalarSelect[int]:
    """The count of language hints given to a person in [start, end): they count against the nudge budget."""
    return select(func.count()).select_from(HintLog).where(
        HintLog.workspace_id == workspace_id, HintLog.user_id == user_id,
        HintLog.sent_at >= start, HintLog.sent_at < end).scalar_subquery()
