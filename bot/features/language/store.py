"""A group's glossary as the jargon engine sees it: its own terms, what it suppressed, and who muted what."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.language.engine import GlossaryEntry, JargonEngine
from bot.features.language.tables import GroupTerm, TermSuppression
from bot.kernel.storage.tables import Group

GROUP_SECTOR = "gruppe"
MAX_TERM = 80
MAX_PLAIN = 300


@dataclass(frozen=True)
class GroupGlossary:
    """The engine's inputs for one group: extra entries (sorted, so the engine's cache hits) and muted keys."""

    entries: tuple[GlossaryEntry, ...]
    suppressed: frozenset[str]

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(entry.term.lower() for entry in self.entries)


def key_of(term: str) -> str:
    """How a term is stored and compared: one space between words, lower case."""
    return " ".join(term.split()).lower()[:MAX_TERM]


def entry_for(term: str, plain: str) -> GlossaryEntry:
    """A group term as an engine entry; an all-caps term is an acronym (writing it out explains it)."""
    is_acronym = term.isupper() and " " not in term
    return GlossaryEntry(term=term, sector=GROUP_SECTOR, plain_nb=plain, acronym=is_acronym,
                         expansion=plain if is_acronym else None)


def shipped_entry(engine: JargonEngine, word: str) -> GlossaryEntry | None:
    """The shipped entry a word names (its term or a variant, any case)."""
    key = key_of(word)
    return next((e for e in engine.entries if key in (s.lower() for s in e.surfaces())), None)


async def group_terms(session: AsyncSession, group: Group) -> list[GroupTerm]:
    found = await session.exec(select(GroupTerm).where(
        GroupTerm.workspace_id == group.workspace_id, GroupTerm.group_id == group.id).order_by(GroupTerm.key))
    return list(found.all())


async def suppressions(session: AsyncSession, group: Group, user_id: str = "") -> list[TermSuppression]:
    """The group's suppressed terms (user_id ""), or what one person muted."""
    found = await session.exec(select(TermSuppression).where(
        TermSuppression.workspace_id == group.workspace_id, TermSuppression.group_id == group.id,
        TermSuppression.user_id == user_id).order_by(TermSuppression.key))
    return list(found.all())


async def group_glossary(session: AsyncSession, group: Group) -> GroupGlossary:
    """What the engine needs to check a message in this group."""
    terms = await group_terms(session, group)
    muted = await suppressions(session, group)
    return GroupGlossary(tuple(entry_for(t.term, t.plain) for t in terms), frozenset(s.key for s in muted))


async def muted_by(session: AsyncSession, group: Group, user_id: str) -> frozenset[str]:
    """The keys one person muted in this group (`*`: every hint)."""
    return frozenset(s.key for s in await suppressions(session, group, user_id))


async def find_suppression(session: AsyncSession, group: Group, user_id: str, key: str) -> TermSuppression | None:
    found = await session.exec(select(TermSuppression).where(
        TermSuppression.workspace_id == group.workspace_id, TermSuppression.group_id == group.id,
        TermSuppression.user_id == user_id, TermSuppression.key == key))
    return found.first()
