"""parse_date: clean the text, peel off a clock time, try the phrase rules, then a weekday plus a date."""

from __future__ import annotations

import datetime
import re
from dataclasses import replace

from bot.kernel.rules.dates.grammar import match_rules
from bot.kernel.rules.dates.result import (
    APPROXIMATE,
    BAD_TIME,
    EMPTY,
    MONTH_ONLY,
    TIME_ONLY,
    UNKNOWN,
    VAGUE,
    WEEKDAY_MISMATCH,
    DateResult,
    ambiguous,
    invalid,
    read_date,
)
from bot.kernel.rules.dates.words import (
    MONTHS,
    UNITS,
    VAGUE_WORDS,
    WEEKDAY_RE,
    WEEKDAYS,
    fold,
    take_time,
    tidy,
    weekday_number,
)

_LEADING_WEEKDAY = re.compile(rf"({WEEKDAY_RE}) (.+)")
_TRAILING_WEEKDAY = re.compile(rf"(.+) ({WEEKDAY_RE})")
_MONTH_FILLERS = frozenset({"i", "in", "hele", "heile", "all", "whole", "of"})


def parse_date(text: str, *, today: datetime.date, lang: str = "nb") -> DateResult:
    """Read a Norwegian (or English) date expression relative to `today`, the local date in the group's zone.

    `lang` only matters for explain(); every language reads bokmål, nynorsk, English and ISO dates.
    """
    s, time, time_exists = take_time(fold(text))
    if not time_exists:
        return replace(invalid(BAD_TIME), text=text)
    s, approximate = tidy(s)
    if not s:
        result = ambiguous(TIME_ONLY) if time else invalid(EMPTY)
    else:
        result = _read(s, today)
    if approximate and result.error in (None, "past"):
        result = ambiguous(APPROXIMATE, candidate=read_date(result))
    return replace(result, text=text, time=time)


def _read(s: str, today: datetime.date) -> DateResult:
    """The reading of a cleaned phrase: a rule, a weekday with a date, or a classified failure."""
    found = match_rules(s, today)
    if found is not None:
        return found
    combined = _weekday_with_date(s, today)
    return combined if combined is not None else _classify(s)


def _weekday_with_date(s: str, today: datetime.date) -> DateResult | None:
    """A weekday with a date ("fredag 8. desember"): the date decides; a weekday that contradicts it is ambiguous."""
    m = _LEADING_WEEKDAY.fullmatch(s)
    weekday_word, rest = (m[1], m[2]) if m else (None, None)
    if m is None and (m := _TRAILING_WEEKDAY.fullmatch(s)):
        weekday_word, rest = m[2], m[1]
    if weekday_word is None or rest is None:
        return None
    result = match_rules(rest, today)
    if result is None:
        return None
    read = read_date(result)
    weekday = weekday_number(weekday_word)
    if read is None or read.isoweekday() == weekday:
        return result
    same_week = read + datetime.timedelta(days=weekday - read.isoweekday())
    return ambiguous(WEEKDAY_MISMATCH, candidate=read, alternative=same_week)


def _classify(s: str) -> DateResult:
    """Why nothing matched: a whole month, a vague time ("etter jul"), or not a date at all."""
    words = [w.rstrip(".") for w in s.split()]
    core = [w for w in words if w not in _MONTH_FILLERS and not re.fullmatch(r"\d{4}", w)]
    if len(core) == 1 and core[0] in MONTHS and core[0] != "jul":  # "jul" alone is Christmas
        return ambiguous(MONTH_ONLY)
    known = VAGUE_WORDS | MONTHS.keys() | WEEKDAYS.keys() | UNITS.keys()
    if any(w in known for w in words) or re.fullmatch(r"\d{4}", s):
        return ambiguous(VAGUE)
    return invalid(UNKNOWN)
