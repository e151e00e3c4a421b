"""The gathering notes as plain values, and the pure decisions behind them (which gathering, which questions)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

MAX_QUESTIONS = 12
_SENTENCE = re.compile(r"[^.!?\n]*\?")


@dataclass(frozen=True)
class AnswerLine:
    """One answer in the coordinator's copy: who (name and sector) and what."""

    name: str
    sector: str
    text: str
    late: bool = False


@dataclass(frozen=True)
class PromptNotes:
    """One prompt since the last gathering: its track, how many answered, and what came out of it."""

    prompt_id: str
    title: str
    question: str
    track: str  # tiltak | organisasjon | begge
    due_at: datetime
    answered: int
    members: int
    answers: tuple[AnswerLine, ...] = ()  # the coordinator's copy only
    themes: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()  # consented, without names
    questions: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChecklistLine:
    direction: str
    text: str
    done: bool


@dataclass(frozen=True)
class MilestoneNotes:
    title: str
    due: date
    status: str
    checklist: tuple[ChecklistLine, ...] = ()


@dataclass(frozen=True)
class StakeholderLine:
    """A stakeholder added or contacted since the last gathering."""

    name: str
    direction: str
    relation: str
    next_step: str | None
    new: bool


@dataclass(frozen=True)
class SourceLine:
    """An entry the group added to its source register since the last gathering (never who added it)."""

    kind: str
    title: str
    link: str | None = None


@dataclass(frozen=True)
class Gathering:
    """The gathering the notes are for (None fields when the group follows no programme)."""

    id: str | None
    title: str | None
    start: datetime | None
    place: str | None = None
    purpose: str | None = None


@dataclass(frozen=True)
class NotesDocument:
    """Everything one copy of the notes holds; `shareable` copies carry no names and no answers."""

    municipality: str
    programme: str | None
    gathering: Gathering
    since: datetime
    shareable: bool
    lang: str
    timezone: str
    prompts: tuple[PromptNotes, ...]
    milestones: tuple[MilestoneNotes, ...]
    stakeholders: tuple[StakeholderLine, ...]
    made_at: datetime
    #: the source register's new entries by sector (the stored sector, "" for none), in the register's order
    sources: tuple[tuple[str, tuple[SourceLine, ...]], ...] = ()

    def track_counts(self) -> dict[str, int]:
        counts = {"tiltak": 0, "organisasjon": 0, "begge": 0}
        for prompt in self.prompts:
            counts[prompt.track] = counts.get(prompt.track, 0) + 1
        return counts


def pick_gathering(starts: Sequence[tuple[str, datetime]], now: datetime, wanted: str | None) -> int | None:
    """The index of the wanted gathering (id or 1-based number), else the next to come, else the last."""
    if wanted is not None:
        if wanted.isdigit() and 1 <= int(wanted) <= len(starts):
            return int(wanted) - 1
        return next((i for i, (gid, _) in enumerate(starts) if gid == wanted), None)
    coming = next((i for i, (_, start) in enumerate(starts) if start > now), None)
    return coming if coming is not None else len(starts) - 1 if starts else None


def raised_questions(texts: Iterable[str], limit: int = MAX_QUESTIONS) -> tuple[str, ...]:
    """The questions people asked in their answers (sentences ending in '?'), each once, in order."""
    seen: dict[str, str] = {}
    for text in texts:
        for match in _SENTENCE.findall(text):
            question = " ".join(match.split())
            if len(question) > 3 and question.lower() not in seen:
                seen[question.lower()] = question
    return tuple(seen.values())[:limit]
