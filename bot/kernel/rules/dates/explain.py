"""Friendly explanations of a DateResult in bokmål, nynorsk or English, with dates formatted by babel."""

from __future__ import annotations

import datetime
from typing import Protocol

from babel.dates import format_date as babel_format_date

from bot.kernel.rules.dates.result import (
    APPROXIMATE,
    BAD_TIME,
    DAY_ONLY,
    EMPTY,
    INVALID,
    MONTH_ONLY,
    NO_SUCH_DATE,
    NO_SUCH_WEEK,
    NO_YEAR,
    OUT_OF_RANGE,
    PAST,
    TIME_ONLY,
    WEEK_STARTED,
    WEEKDAY_MISMATCH,
    DateResult,
)


class Texts(Protocol):
    """The text catalogue (`bot.kernel.content.texts.TextCatalogue`), passed in: rules read no files."""

    def t(self, lang: str | None, key: str, /, **params: object) -> str: ...


_PATTERNS = {"nb": "EEEE d. MMMM y", "nn": "EEEE d. MMMM y", "en": "EEEE d MMMM y"}


def _locale(lang: str | None) -> str:
    return lang if lang in _PATTERNS else "nb"


def format_date(d: datetime.date, lang: str = "nb") -> str:
    """A date as people read it: "fredag 27. november 2026", "Friday 27 November 2026"."""
    locale = _locale(lang)
    return babel_format_date(d, _PATTERNS[locale], locale=locale)


def _short(d: datetime.date) -> str:
    return f"{d.day}.{d.month}.{d.year}"


def _clock(t: datetime.time | None) -> str:
    return t.strftime("%H:%M") if t else ""


def explain(result: DateResult, lang: str = "nb", *, texts: Texts) -> str:
    """The message a user gets for this reading, in their language."""
    lang = _locale(lang)
    if result.error is None and result.date is not None:
        key = "dates.ok_time" if result.time else "dates.ok"
        params: dict[str, object] = {"date": format_date(result.date, lang), "time": _clock(result.time)}
    elif result.error == PAST:
        key, params = _past(result, lang)
    elif result.error == INVALID:
        key, params = _invalid(result, lang)
    else:
        key, params = _ambiguous(result, lang)
    message = texts.t(lang, key, text=result.text.strip(), **params)
    return message[:1].upper() + message[1:]


def _past(result: DateResult, lang: str) -> tuple[str, dict[str, object]]:
    candidate = result.candidate or datetime.date.min
    date = format_date(candidate, lang)
    if result.reason == NO_YEAR and result.alternative:
        return "dates.past_no_year", {
            "read": format_date(result.alternative, lang),
            "date": date,
            "example": _short(candidate),
        }
    if result.reason == WEEK_STARTED:
        return "dates.past_week_started", {"week": candidate.isocalendar().week, "date": date}
    return "dates.past", {"date": date, "example": _short(candidate)}


def _ambiguous(result: DateResult, lang: str) -> tuple[str, dict[str, object]]:
    if result.reason == WEEKDAY_MISMATCH and result.candidate and result.alternative:
        day_pattern = _PATTERNS[lang].removeprefix("EEEE ")
        return "dates.ambiguous_weekday", {
            "day": babel_format_date(result.candidate, day_pattern, locale=lang),
            "actual": babel_format_date(result.candidate, "EEEE", locale=lang),
            "date": format_date(result.candidate, lang),
            "alternative": format_date(result.alternative, lang),
        }
    if result.reason == MONTH_ONLY:
        return "dates.ambiguous_month", {}
    if result.reason == DAY_ONLY and result.candidate:
        return "dates.ambiguous_day", {
            "date": format_date(result.candidate, lang),
            "example": f"{result.candidate.day}.{result.candidate.month}",
        }
    if result.reason == TIME_ONLY:
        return "dates.ambiguous_time", {"time": _clock(result.time)}
    if result.reason == APPROXIMATE and result.candidate:
        return "dates.ambiguous_approximate", {"date": format_date(result.candidate, lang)}
    return "dates.ambiguous_vague", {}


def _invalid(result: DateResult, lang: str) -> tuple[str, dict[str, object]]:
    if result.reason == NO_SUCH_DATE and result.alternative:
        return "dates.invalid_day_of_month", {
            "month": babel_format_date(result.alternative, "MMMM y", locale=lang),
            "days": result.alternative.day,
        }
    if result.reason == NO_SUCH_WEEK and result.alternative:
        iso = result.alternative.isocalendar()
        return "dates.invalid_week_53", {"year": iso.year, "weeks": iso.week}
    simple = {
        NO_SUCH_DATE: "dates.invalid_date",
        NO_SUCH_WEEK: "dates.invalid_week",
        BAD_TIME: "dates.invalid_time",
        OUT_OF_RANGE: "dates.invalid_range",
        EMPTY: "dates.invalid_empty",
    }
    return simple.get(result.reason or "", "dates.invalid"), {}
