"""The phrase rules: each regex matches a whole cleaned phrase and turns it into a DateResult."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from bot.kernel.rules.dates import arithmetic as cal
from bot.kernel.rules.dates.result import (
    APPROXIMATE,
    DAY_ONLY,
    MONTH_ONLY,
    NO_SUCH_DATE,
    RELATIVE,
    VAGUE,
    DateResult,
    ambiguous,
    invalid,
    past,
    resolved,
)
from bot.kernel.rules.dates.words import (
    MONTH_RE,
    NUMBER_RE,
    UNIT_RE,
    UNITS,
    WEEK_RE,
    WEEKDAY_RE,
    month_number,
    number,
    weekday_number,
)

Handler = Callable[[re.Match[str], datetime.date], DateResult]
RULES: list[tuple[re.Pattern[str], Handler]] = []

_RELATIVE_DAYS = {
    0: "i dag|idag|today|now|na",
    1: "i morgen|imorgen|i morgon|imorgon|i morra|imorra|i mora|imora|i mara|imara|tomorrow|tmrw",
    2: "i overmorgen|overimorgen|i overimorgen|overmorgen|i overmorgon|overimorgon|i overimorgon|overmorgon"
    "|i overmorra|overimorra|overmorra"
    "|day after tomorrow",
    -1: "i gar|igar|yesterday",
    -2: "i forgars|iforgars|forgars|day before yesterday",
}
_NAMED_DAYS = {
    (12, 24): r"julaft(?:en|a)|julekvelden?|christmas eve",
    (12, 25): r"(?:(?:1\.?|forste|fyrste) ?)?juledag(?:en)?|christmas day",
    (12, 26): r"(?:2\.?|andre) ?juledag(?:en)?|boxing day",
    (12, 31): r"nyttarsaft(?:en|a|an)|nyarsaft(?:en|a|an)|new year'?s eve",
    (1, 1): r"(?:(?:1\.?|forste|fyrste) ?)?(?:nyttarsdag|nyarsdag)(?:en)?|new year'?s day",
    (5, 17): r"grunnlovsdag(?:en)?|nasjonaldag(?:en)?",
}
_AHEAD = r"(?:neste|nest|kommende|komande|forstkommende|fyrstkomande|this|next|coming|denne)"


def rule(pattern: str) -> Callable[[Handler], Handler]:
    """Register a handler for phrases that fully match `pattern`."""

    def register(handler: Handler) -> Handler:
        RULES.append((re.compile(pattern), handler))
        return handler

    return register


def match_rules(s: str, today: datetime.date) -> DateResult | None:
    """The reading of the first rule that matches the whole phrase, or None."""
    for pattern, handler in RULES:
        m = pattern.fullmatch(s)
        if m:
            return handler(m, today)
    return None


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _shifted(d: datetime.date, amount: int, unit: str) -> DateResult:
    if unit == "d":
        return cal.add_days(d, amount)
    if unit == "w":
        return cal.add_days(d, 7 * amount)
    return cal.add_months(d, amount * (12 if unit == "y" else 1))


for _offset, _words in _RELATIVE_DAYS.items():

    @rule(_words)
    def _relative_day(m: re.Match[str], today: datetime.date, offset: int = _offset) -> DateResult:
        shifted = cal.add_days(today, offset)
        return past(shifted.date, reason=RELATIVE) if offset < 0 and shifted.date else shifted


for (_month, _day), _words in _NAMED_DAYS.items():

    @rule(_words)
    def _named_day(m: re.Match[str], today: datetime.date, month: int = _month, day: int = _day) -> DateResult:
        return cal.day_month(month, day, today)


@rule(r"(\d{4})-(\d{1,2})-(\d{1,2})")
def _iso(m: re.Match[str], today: datetime.date) -> DateResult:
    return cal.explicit_date(int(m[1]), int(m[2]), int(m[3]), today)


@rule(r"(\d{1,2})([./])(\d{1,2})(?:(?:\2 ?| )(\d{4}|\d{2}))?|(\d{1,2})-(\d{1,2})-(\d{4}|\d{2})")
def _numeric(m: re.Match[str], today: datetime.date) -> DateResult:
    day, month, year = (m[1], m[3], m[4]) if m[1] else (m[5], m[6], m[7])
    if year is None:
        return cal.day_month(int(month), int(day), today)
    return cal.explicit_date(_year(year), int(month), int(day), today)


@rule(rf"(\d{{1,2}})\.? ?({MONTH_RE}) ?(\d{{4}})?|({MONTH_RE}) (\d{{1,2}})\.?(?: (\d{{4}}))?")
def _day_month_name(m: re.Match[str], today: datetime.date) -> DateResult:
    day, month, year = (m[1], m[2], m[3]) if m[1] else (m[5], m[4], m[6])
    if year is None:
        return cal.day_month(month_number(month), int(day), today)
    return cal.explicit_date(int(year), month_number(month), int(day), today)


@rule(rf"(?:i |in )?(?:{WEEK_RE}|wk|v)\.? ?(\d{{1,2}})(?: (?:i |in )?(\d{{4}}))?")
def _week(m: re.Match[str], today: datetime.date) -> DateResult:
    return cal.week_start(int(m[1]), int(m[2]) if m[2] else None, today)


@rule(rf"({WEEKDAY_RE}) (?:i |in )?(?:{WEEK_RE}|wk)\.? ?(\d{{1,2}})(?: (?:i |in )?(\d{{4}}))?")
def _weekday_of_week(m: re.Match[str], today: datetime.date) -> DateResult:
    return cal.week_day(int(m[2]), weekday_number(m[1]), int(m[3]) if m[3] else None, today)


@rule(rf"(?:i |in )?(?:neste|nest|kommende|komande|next) {WEEK_RE}")
def _next_week(m: re.Match[str], today: datetime.date) -> DateResult:
    return cal.weekday_in_week(1, 1, today)


@rule(rf"(?:{_AHEAD} )?({WEEKDAY_RE})")
def _weekday(m: re.Match[str], today: datetime.date) -> DateResult:
    return resolved(cal.next_weekday(weekday_number(m[1]), today))


@rule(
    rf"({WEEKDAY_RE}) (?:i |in )?(?:neste|next|kommende|komande) {WEEK_RE}"
    rf"|(?:i |in )?(?:neste|next) {WEEK_RE} (?:pa |on )?({WEEKDAY_RE})"
)
def _weekday_next_week(m: re.Match[str], today: datetime.date) -> DateResult:
    return cal.weekday_in_week(weekday_number(m[1] or m[2]), 1, today)


@rule(rf"({WEEKDAY_RE}) (?:i |in )?(?:denne|this) {WEEK_RE}")
def _weekday_this_week(m: re.Match[str], today: datetime.date) -> DateResult:
    return cal.weekday_in_week(weekday_number(m[1]), 0, today)


@rule(rf"({WEEKDAY_RE}) (?:i |in )?(?:forrige|sist|siste|last) {WEEK_RE}")
def _weekday_last_week(m: re.Match[str], today: datetime.date) -> DateResult:
    shifted = cal.weekday_in_week(weekday_number(m[1]), -1, today)
    return past(shifted.candidate, reason=RELATIVE) if shifted.candidate else shifted


@rule(
    rf"({WEEKDAY_RE}) (?:om|in) ({NUMBER_RE}) {WEEK_RE}r?s?"
    rf"|(?:om|in) ({NUMBER_RE}) {WEEK_RE}r?s? (?:pa |on )?({WEEKDAY_RE})"
)
def _weekday_in_weeks(m: re.Match[str], today: datetime.date) -> DateResult:
    weekday, weeks = (m[1], m[2]) if m[1] else (m[4], m[3])
    return cal.weekday_in_week(weekday_number(weekday), number(weeks), today)


@rule(rf"(?:forrige|sist|siste|last) ({WEEKDAY_RE})")
def _last_weekday(m: re.Match[str], today: datetime.date) -> DateResult:
    return past(cal.previous_weekday(weekday_number(m[1]), today), reason=RELATIVE)


@rule(
    rf"(?:(?:om|innen|innan|in|within|etter|after) )?({NUMBER_RE}) ({UNIT_RE})"
    r"(?: (?:fra|from) (?:na|no|i dag|idag|today|now))?"
)
def _in_amount(m: re.Match[str], today: datetime.date) -> DateResult:
    return _shifted(today, number(m[1]), UNITS[m[2].split(".")[0].removesuffix("s tid")])


@rule(rf"(?:for )?({NUMBER_RE}) ({UNIT_RE}) (?:siden|sidan|ago)")
def _ago(m: re.Match[str], today: datetime.date) -> DateResult:
    shifted = _shifted(today, -number(m[1]), UNITS[m[2].split(".")[0].removesuffix("s tid")])
    return past(shifted.date, reason=RELATIVE) if shifted.date else shifted


@rule(
    rf"(?:(?:om|innen|innan|in|within) )?(?:(?:et|eit|ett|a) )?(par|couple|noen|nokre|noen fa|nokre fa|fa|few"
    rf"|some|several|flere|fleire) ({UNIT_RE})"
)
def _few(m: re.Match[str], today: datetime.date) -> DateResult:
    if m[1] not in ("par", "couple"):
        return ambiguous(VAGUE)
    shifted = _shifted(today, 2, UNITS[m[2].split(".")[0].removesuffix("s tid")])
    return ambiguous(APPROXIMATE, candidate=shifted.date)


@rule(r"(?:i |in )?(?:neste|next|kommende|denne|this) (?:maned|manad|month)(?:en)?")
def _whole_month(m: re.Match[str], today: datetime.date) -> DateResult:
    return ambiguous(MONTH_ONLY)


@rule(r"(\d{1,2})")
def _day_only(m: re.Match[str], today: datetime.date) -> DateResult:
    candidate = cal.next_day_of_month(int(m[1]), today)
    return ambiguous(DAY_ONLY, candidate=candidate) if candidate else invalid(NO_SUCH_DATE)
