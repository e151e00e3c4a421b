"""Milestone rules: when nudges go out before a due date, when a milestone is overdue, what a line says.

Pure: no I/O, no clock. Nudges are planned in whole working days before the due date (weekends, public
holidays and quiet periods do not count), at a wall-clock time in the group's zone, so a nudge is always
09:00 local whether or not DST changed in between. Due dates are dates; a due time is optional.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.kernel.rules.calendar import (
    CalendarRules,
    at_local,
    next_allowed_slot,
    next_working_day,
    working_days_before,
)
from bot.kernel.rules.dates import DateResult, parse_date
from bot.kernel.rules.dates.result import AMBIGUOUS, INVALID, VAGUE

DEFAULT_OFFSETS: tuple[int, ...] = (14, 7, 1)
DEFAULT_NUDGE_AT = time(9, 0)
KINDS: tuple[str, ...] = ("forankringsmøte", "samling", "rapport", "politisk-sak", "annet")
_KIND_WORDS = {"forankringsmote": "forankringsmøte", "forankring": "forankringsmøte", "anchoring": "forankringsmøte",
               "gathering": "samling", "report": "rapport", "politisk": "politisk-sak",
               "politisk sak": "politisk-sak", "political": "politisk-sak", "anna": "annet", "other": "annet"}
_MAX_DATE_WORDS = 6


@dataclass(frozen=True)
class NudgeTime:
    """One planned nudge: how many working days before the due date, and the moment it goes out."""

    offset: int
    at: datetime


def nudge_plan(due_date: date, offsets: tuple[int, ...], rules: CalendarRules, *,
               at: time = DEFAULT_NUDGE_AT) -> list[NudgeTime]:
    """The nudge moments for a due date, earliest first: `n` working days before it, at `at` local time."""
    plan: dict[datetime, int] = {}
    for offset in sorted(set(offsets), reverse=True):
        day = working_days_before(due_date, offset, rules)
        moment = next_allowed_slot(at_local(day, at, rules), rules)
        plan.setdefault(moment, offset)
    return [NudgeTime(offset, moment) for moment, offset in sorted(plan.items())]


def latest_due_nudge(plan: list[NudgeTime], *, since: datetime, now: datetime, grace: timedelta
                     ) -> NudgeTime | None:
    """The most recent nudge whose moment came after `since` (when the date was set) and within the grace.

    Older missed nudges are dropped rather than sent late in a bunch: only the freshest one still matters.
    """
    due = [n for n in plan if since < n.at <= now and n.at >= now - grace]
    return due[-1] if due else None


def due_moment(due_date: date, due_time: time | None, rules: CalendarRules) -> datetime:
    """When a milestone falls due: its time on the due date, or the end of that day."""
    if due_time is not None:
        return at_local(due_date, due_time, rules)
    return at_local(due_date + timedelta(days=1), time(0, 0), rules)


def is_overdue(due_date: date, due_time: time | None, rules: CalendarRules, now: datetime) -> bool:
    """True once the due moment has passed."""
    return now >= due_moment(due_date, due_time, rules)


def overdue_followup_at(due_date: date, rules: CalendarRules, *, at: time = DEFAULT_NUDGE_AT) -> datetime:
    """The one follow-up for an overdue milestone: the next working day after the due date, at `at`."""
    return next_allowed_slot(at_local(next_working_day(due_date, rules), at, rules), rules)


def split_date_and_title(text: str, *, today: date, lang: str) -> tuple[DateResult, str]:
    """Read a date phrase at the start of `text` and the title after it (the longest phrase that reads).

    "15. desember Forankringsmøte" → (2026-12-15, "Forankringsmøte"); when no prefix reads as a date at
    all, the shortest vague phrase (or else the first word) is returned, so its explanation can be shown.
    """
    words = text.split()
    readings = [(count, parse_date(" ".join(words[:count]), today=today, lang=lang))
                for count in range(1, min(len(words) - 1, _MAX_DATE_WORDS) + 1)]
    read = [(count, r) for count, r in readings if not _unread(r)]
    vague = [(count, r) for count, r in readings if r.error == AMBIGUOUS]
    count, result = (read[-1] if read else vague[0] if vague
                     else (1, parse_date(words[0] if words else "", today=today, lang=lang)))
    return result, " ".join(words[count:])


def _unread(result: DateResult) -> bool:
    # The parser calls trailing title words "vague"; for splitting, that is no reading at all.
    return result.error == INVALID or (result.error == AMBIGUOUS and result.reason == VAGUE)


def parse_kind(text: str) -> str | None:
    """The milestone kind a user meant (Norwegian or English), or None."""
    word = " ".join(text.strip().lower().split())
    if word in KINDS:
        return word
    return _KIND_WORDS.get(word.replace("ø", "o"), _KIND_WORDS.get(word))


_KIND_HINTS = (("forankring", "forankringsmøte"), ("rapport", "rapport"), ("report", "rapport"),
               ("politisk", "politisk-sak"), ("utval", "politisk-sak"), ("kommunestyre", "politisk-sak"),
               ("samling", "samling"), ("gathering", "samling"))


def guess_kind(title: str) -> str:
    """A kind guessed from the title's words ("Sak til politisk utvalg" → politisk-sak), else "annet"."""
    lowered = title.lower()
    return next((kind for hint, kind in _KIND_HINTS if hint in lowered), "annet")
