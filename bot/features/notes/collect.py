"""Collecting one group's notes for a gathering: the prompts since the last one, milestones, stakeholders."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import col, select

from bot.errors import InvalidInput
from bot.features.anchoring.tables import Stakeholder
from bot.features.digest.themes import extract_themes
from bot.features.digest.wordlists import lemmatiser, norwegian_stopwords
from bot.features.groups.service import sector_label
from bot.features.milestones.tables import ChecklistItem, Milestone, MilestoneStatus
from bot.features.notes.rules import (
    AnswerLine,
    ChecklistLine,
    Gathering,
    MilestoneNotes,
    NotesDocument,
    PromptNotes,
    SourceLine,
    StakeholderLine,
    pick_gathering,
    raised_questions,
)
from bot.features.prompts.tables import PromptPost, Reflection
from bot.features.sources.notes import entries_for_notes
from bot.kernel.context import AppContext
from bot.kernel.programme import calendars
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Group, Member, Programme, id_of
from bot.kernel.storage.uow import UnitOfWork

#: milestones due this long after the gathering are still on its agenda
MILESTONE_HORIZON = timedelta(days=21)
THEMES = 6


async def _gathering(uow: UnitOfWork, ctx: AppContext, group: Group, wanted: str | None
                     ) -> tuple[Gathering, datetime, datetime, str | None]:
    """(the gathering, the period's start and end, the programme's name) for the notes."""
    now = ctx.clock.now()
    schedule = await calendars.schedule_of(uow, ctx, group)
    if schedule is None:
        if wanted is not None:
            raise InvalidInput("notes.no_programme")
        return Gathering(None, None, None), group.created_at, now, None
    gatherings = calendars.group_calendar(schedule, group).gatherings
    index = pick_gathering([(g.id, g.start) for g in gatherings], now, wanted)
    if index is None:
        raise InvalidInput("notes.unknown_gathering", ref=wanted or "",
                           known=", ".join(f"{i + 1} `{g.id}`" for i, g in enumerate(gatherings)))
    chosen = schedule.gatherings[index]
    dated = gatherings[index]
    since = gatherings[index - 1].start if index > 0 else group.created_at
    programme = await uow.session.get(Programme, group.programme_id) if group.programme_id else None
    return (Gathering(dated.id, dated.title, dated.start, dated.place, chosen.purpose), since,
            min(dated.start, now), programme.name if programme else schedule.name)


async def collect_notes(uow: UnitOfWork, ctx: AppContext, group: Group, wanted: str | None, *, shareable: bool,
                        lang: str) -> NotesDocument:
    """One copy of the notes: the coordinator's (answers with names) or the shareable one (themes, consented quotes)."""
    gathering, since, until, programme = await _gathering(uow, ctx, group, wanted)
    everyone = await queries.members(uow.session, group)
    posts = (await uow.session.exec(select(PromptPost).where(
        PromptPost.workspace_id == group.workspace_id, PromptPost.group_id == group.id,
        PromptPost.post_at >= since, PromptPost.post_at <= until).order_by(col(PromptPost.post_at)))).all()
    prompts = tuple([await _prompt_notes(uow, ctx, group, post, everyone, shareable=shareable, lang=lang)
                     for post in posts])
    horizon = (gathering.start or until) + MILESTONE_HORIZON
    return NotesDocument(
        municipality=group.municipality, programme=programme, gathering=gathering, since=since, shareable=shareable,
        lang=lang, timezone=group.timezone, prompts=prompts,
        milestones=await _milestones(uow, group, since, horizon),
        stakeholders=await _stakeholders(uow, group, since), made_at=ctx.clock.now(),
        sources=await _sources(uow, group, since, until if until < ctx.clock.now() else None))


async def _prompt_notes(uow: UnitOfWork, ctx: AppContext, group: Group, post: PromptPost, everyone: list[Member],
                        *, shareable: bool, lang: str) -> PromptNotes:
    rows = (await uow.session.exec(
        select(Reflection, Member).join(Member, col(Reflection.member_id) == col(Member.id))
        .where(Reflection.workspace_id == group.workspace_id, Reflection.post_id == post.id, Reflection.text != "")
        .order_by(col(Reflection.created_at), col(Reflection.id)))).all()
    prompt = ctx.prompts.get(post.prompt_id)
    texts = [r.text for r, _ in rows]
    consented = [r.text for r, _ in rows if r.quote_consent]
    answers = () if shareable else tuple(
        AnswerLine(m.display_name or m.user_id, sector_label(ctx, lang, m.sector), r.text, r.late) for r, m in rows)
    themes = extract_themes(texts, stopwords=norwegian_stopwords(), lemmatise=lemmatiser("nb"), limit=THEMES)
    return PromptNotes(
        prompt_id=post.prompt_id, title=prompt.title.get(lang) if prompt else post.prompt_id,
        question=prompt.text.get(lang) if prompt else "", track=prompt.track if prompt else "begge",
        due_at=post.due_at, answered=len(rows), members=len(everyone), answers=answers,
        themes=tuple(t.word for t in themes), quotes=tuple(consented),
        questions=raised_questions(consented if shareable else texts))


async def _milestones(uow: UnitOfWork, group: Group, since: datetime, horizon: datetime) -> tuple[MilestoneNotes, ...]:
    found = (await uow.session.exec(select(Milestone).where(
        Milestone.workspace_id == group.workspace_id, Milestone.group_id == group.id,
        Milestone.status != MilestoneStatus.CANCELLED.value,
        Milestone.due_date >= since.date(), Milestone.due_date <= horizon.date()).order_by(
        col(Milestone.due_date), col(Milestone.number)))).all()
    notes = []
    for milestone in found:
        items = (await uow.session.exec(select(ChecklistItem).where(
            ChecklistItem.workspace_id == group.workspace_id, ChecklistItem.milestone_id == milestone.id,
        ).order_by(col(ChecklistItem.position)))).all()
        notes.append(MilestoneNotes(milestone.title, milestone.due_date, milestone.status,
                                    tuple(ChecklistLine(i.direction, i.text, i.done) for i in items)))
    return tuple(notes)


async def _stakeholders(uow: UnitOfWork, group: Group, since: datetime) -> tuple[StakeholderLine, ...]:
    found = (await uow.session.exec(select(Stakeholder).where(
        Stakeholder.workspace_id == group.workspace_id, Stakeholder.group_id == group.id,
    ).order_by(col(Stakeholder.number)))).all()
    return tuple(StakeholderLine(s.name_or_role, s.direction, s.relation, s.next_step, new=s.created_at >= since)
                 for s in found
                 if s.created_at >= since or (s.last_contact is not None and s.last_contact >= since.date()))


async def _sources(uow: UnitOfWork, group: Group, since: datetime, until: datetime | None
                   ) -> tuple[tuple[str, tuple[SourceLine, ...]], ...]:
    """The register's entries added in the period, by sector (the sources feature's hook for the notes)."""
    found = await entries_for_notes(uow.session, id_of(group), since, until)
    return tuple((sector, tuple(SourceLine(e.kind, e.title, e.link) for e in entries)) for sector, entries in found)
