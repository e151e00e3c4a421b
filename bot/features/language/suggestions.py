"""Growing a group's glossary: members suggest terms, coordinators accept them or pick discovered words."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from bot.errors import InvalidInput
from bot.features.language import commands as lc
from bot.features.language import counts
from bot.features.language.glossary import clean, find_suggestion, find_term, save_term
from bot.features.language.store import group_terms, key_of, suppressions
from bot.features.language.tables import TermSuggestion
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.context import AppContext, Request
from bot.kernel.storage.tables import Group, Member, id_of
from bot.kernel.storage.uow import UnitOfWork


async def suggest_term(cmd: lc.GlossarySuggest, req: Request) -> Reply:
    """`ordliste foreslå <term> [= <forklaring>]` (members): a proposal for the coordinators."""
    ctx = req.ctx
    term, plain = clean(cmd.term, cmd.plain)
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        member = scopes.require_member(scope)
        group = scopes.require_group(scope)
        if await find_term(uow, group, key_of(term)) is not None:
            raise InvalidInput("hints.glossary_exists", term=term)
        await _remember(uow, ctx, group, member, term, plain)
        await uow.commit()
    return Reply(Message(ctx.t(scope.lang, "hints.glossary_suggested", term=term)))


async def _remember(uow: UnitOfWork, ctx: AppContext, group: Group, member: Member, term: str, plain: str) -> None:
    """One suggestion per term: a second one adds the explanation if the first had none."""
    row = await find_suggestion(uow, group, key_of(term))
    if row is None:
        uow.session.add(TermSuggestion(workspace_id=group.workspace_id, group_id=id_of(group),
                                       key=key_of(term), term=term, plain=plain, suggested_by=member.user_id,
                                       created_at=ctx.clock.now()))
    elif plain and not row.plain:
        row.plain = plain


async def accept_suggestion(cmd: lc.GlossaryAccept, req: Request) -> Reply:
    """`ordliste godta <term> [= <forklaring>]` (coordinators): the suggestion joins the group's glossary."""
    ctx = req.ctx
    term, plain = clean(cmd.term, cmd.plain)
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group = scopes.coordinators_group(scope)
        row = await find_suggestion(uow, group, key_of(term))
        if row is None:
            raise InvalidInput("hints.glossary_no_suggestion", term=term)
        plain = plain or row.plain
        if not plain:
            raise InvalidInput("hints.glossary_needs_plain", term=row.term)
        await save_term(uow, ctx, group, row.term, plain)
        await uow.commit()
    return Reply(Message(ctx.t(scope.lang, "hints.glossary_accepted", term=row.term, plain=plain)))


async def list_candidates(cmd: lc.GlossaryCandidates, req: Request) -> Reply:
    """`ordliste forslag` (coordinators): members' suggestions, then rare words counted in the group's messages."""
    ctx = req.ctx
    settings = ctx.settings
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group = scopes.coordinators_group(scope)
        suggested = await _suggestions(uow, group)
        known = {t.key for t in await group_terms(uow.session, group)}
        known |= {s.key for s in await suppressions(uow.session, group)}
        since = counts.week_start(ctx.clock.now() - timedelta(weeks=settings.hints_discovery_weeks - 1),
                                  group.timezone)
        words = await counts.discovered_words(uow.session, id_of(group), since,
                                              min_count=settings.hints_discovery_min_count,
                                              limit=settings.hints_discovery_limit + len(known))
    words = [(w, n) for w, n in words if w not in known][: settings.hints_discovery_limit]
    return Reply(Message(_candidates_text(ctx, scope.lang, suggested, words),
                         title=ctx.t(scope.lang, "hints.candidates_title")))


async def _suggestions(uow: UnitOfWork, group: Group) -> list[tuple[TermSuggestion, str]]:
    """Open suggestions with the suggester's display name (empty when they have left or been erased)."""
    found = await uow.session.exec(
        select(TermSuggestion, Member.display_name)
        .join(Member, (col(Member.group_id) == TermSuggestion.group_id)
              & (col(Member.user_id) == TermSuggestion.suggested_by), isouter=True)
        .where(TermSuggestion.workspace_id == group.workspace_id, TermSuggestion.group_id == group.id)
        .order_by(col(TermSuggestion.created_at)))
    return [(row, name or "") for row, name in found.all()]


def _candidates_text(ctx: AppContext, lang: str, suggested: list[tuple[TermSuggestion, str]],
                     words: list[tuple[str, int]]) -> str:
    settings = ctx.settings
    lines: list[str] = []
    if suggested:
        lines.append(ctx.t(lang, "hints.candidates_suggestions"))
        lines += [ctx.t(lang, "hints.candidate_suggestion", term=row.term,
                        plain=row.plain or ctx.t(lang, "hints.no_plain_yet"), who=name or "–")
                  for row, name in suggested]
    if words:
        lines.append(ctx.t(lang, "hints.candidates_words", weeks=settings.hints_discovery_weeks))
        lines += [ctx.t(lang, "hints.candidate_word", word=word, count=count) for word, count in words]
    if not lines:
        return ctx.t(lang, "hints.candidates_none", min=settings.hints_discovery_min_count)
    return "\n".join([*lines, "", ctx.t(lang, "hints.candidates_footer")])
