"""Compute a weekly digest for a programme (or one group): aggregate queries in, `rules` decides."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.errors import InvalidInput
from bot.features.digest import queries as q
from bot.features.digest.rules import Digest, DigestRules, GroupFacts, Quote, Theme, build_digest, shown
from bot.features.digest.sections import DigestScope, collect_sections
from bot.features.digest.themes import extract_themes, pick_quotes
from bot.features.digest.wordlists import lemmatiser, norwegian_stopwords
from bot.kernel.context import AppContext
from bot.kernel.rules.weeks import IsoWeek
from bot.kernel.storage.tables import Group, Programme
from bot.settings import Settings


def rules_from(settings: Settings) -> DigestRules:
    return DigestRules(min_group_size=settings.digest_min_group_size, silence_days=settings.digest_silence_days)


def programme_groups(programme: Programme) -> ColumnElement[bool]:
    return col(Group.programme_id) == programme.id


def one_group(group: Group) -> ColumnElement[bool]:
    return col(Group.id) == group.id


#: a group's facts for one week, by group id: the digests of one week that share groups compute them once
KnownFacts = dict[int, GroupFacts]


async def _week_facts(session: AsyncSession, ctx: AppContext, workspace_id: int, where: ColumnElement[bool],
                      week: IsoWeek, tz: str, known: KnownFacts | None = None) -> list[GroupFacts]:
    """One `GroupFacts` per group from a handful of GROUP BY queries (this week and the week before); taken from
    `known` (facts of the same week) when it has every group, and added to it."""
    start, end = week.bounds(tz)
    before, _ = week.previous().bounds(tz)
    infos = await q.groups(session, workspace_id, where)
    if known is not None and all(i.id in known for i in infos):
        return [known[i.id] for i in infos]
    sectors, earlier = await q.members_by_sector(session, workspace_id, where, end, start)
    posts = await q.post_counts(session, workspace_id, where, start, end)
    old_posts = await q.post_counts(session, workspace_id, where, before, start)
    answers, old_answers = await q.answer_counts(session, workspace_id, where, before, start, end)
    medians = await q.median_lengths(session, workspace_id, where, start, end)
    last = await q.last_activity(session, workspace_id, where, end, [i.id for i in infos])
    scope = DigestScope(workspace_id, tuple(i.id for i in infos), week, start, end)
    sections = await collect_sections(session, scope, ctx.features.digest_sections)
    facts = [GroupFacts(
        group_id=i.id, municipality=i.municipality, created_at=i.created_at,
        members_by_sector=sectors.get(i.id, {}), prompts=posts.get(i.id, 0), answers=answers.get(i.id, 0),
        previous_members=earlier.get(i.id, 0), previous_prompts=old_posts.get(i.id, 0),
        previous_answers=old_answers.get(i.id, 0), median_length=medians.get(i.id),
        last_activity=last.get(i.id), sections=sections.get(i.id, ()),
    ) for i in infos]
    if known is not None:
        known.update((fact.group_id, fact) for fact in facts)
    return facts


async def compute_digest(session: AsyncSession, ctx: AppContext, *, workspace_id: int, title: str,
                         where: ColumnElement[bool], week: IsoWeek, with_themes: bool = True,
                         known: KnownFacts | None = None) -> Digest:
    """The digest of the groups matching `where` for `week` (themes and quotes from the week's texts); `known`
    shares the groups' facts between digests of the same week."""
    tz = ctx.settings.timezone
    rules = rules_from(ctx.settings)
    start, end = week.bounds(tz)
    facts = await _week_facts(session, ctx, workspace_id, where, week, tz, known)
    counted = col(Group.id).in_([f.group_id for f in shown(facts, rules)])  # hidden groups stay out of the median
    overall = (await q.median_lengths(session, workspace_id, where & counted, start, end, per_group=False)).get(0)
    themes: tuple[Theme, ...] = ()
    quotes: tuple[Quote, ...] = ()
    if with_themes:
        stop, lemma = norwegian_stopwords(), lemmatiser("nb")
        themes = extract_themes(await q.week_texts(session, workspace_id, where, start, end),
                                stopwords=stop, lemmatise=lemma)
        sizes = {fact.group_id: fact.members for fact in facts}
        candidates = await q.quote_candidates(session, workspace_id, where, start, end, sizes)
        quotes = pick_quotes(candidates, themes, stopwords=stop, lemmatise=lemma,
                             min_group_size=rules.min_group_size)
    return build_digest(title, week, facts, rules, now=min(ctx.clock.now(), end), median_length=overall,
                        themes=themes, quotes=quotes)


async def programme_digest(session: AsyncSession, ctx: AppContext, programme: Programme,
                           week: IsoWeek, *, with_themes: bool = True, known: KnownFacts | None = None) -> Digest:
    return await compute_digest(session, ctx, workspace_id=programme.workspace_id, title=programme.name,
                                where=programme_groups(programme), week=week, with_themes=with_themes, known=known)


async def group_digest(session: AsyncSession, ctx: AppContext, group: Group, week: IsoWeek, *,
                       known: KnownFacts | None = None) -> Digest:
    return await compute_digest(session, ctx, workspace_id=group.workspace_id, title=group.municipality,
                                where=one_group(group), week=week, known=known)


async def mentor_digest(session: AsyncSession, ctx: AppContext, groups: Sequence[Group], week: IsoWeek, *,
                        known: KnownFacts | None = None) -> Digest:
    """The digest of the groups a mentor follows (one programme's name as the title), like a lead's for the rest."""
    programme = await session.get(Programme, groups[0].programme_id) if groups[0].programme_id else None
    return await compute_digest(session, ctx, workspace_id=groups[0].workspace_id,
                                title=programme.name if programme else groups[0].municipality,
                                where=col(Group.id).in_([g.id for g in groups]), week=week, known=known)


async def find_programme(session: AsyncSession, ref: str, workspace_id: int | None = None) -> Programme:
    """A programme by slug or id (in one workspace, or in any when it is unambiguous)."""
    condition = Programme.id == int(ref) if ref.isdigit() else Programme.slug == ref
    statement = select(Programme).where(condition)
    if workspace_id is not None:
        statement = statement.where(Programme.workspace_id == workspace_id)
    found = list((await session.exec(statement)).all())
    if len(found) != 1:
        known = ", ".join(sorted(p.slug for p in (await session.exec(select(Programme))).all())) or "–"
        raise InvalidInput("digest.unknown_programme", programme=ref, known=known)
    return found[0]


async def weekly_history(session: AsyncSession, ctx: AppContext, programme: Programme,
                         week: IsoWeek, weeks: int = 8) -> list[Digest]:
    """Digests (without themes) for the `weeks` weeks ending with `week`, oldest first: the report's trends."""
    return [await programme_digest(session, ctx, programme, week.shift(-n), with_themes=False)
            for n in range(weeks - 1, -1, -1)]


def report_moment(week: IsoWeek, settings: Settings) -> datetime:
    """The end of the week, in UTC: figures are 'as of' this moment."""
    return week.bounds(settings.timezone)[1]
