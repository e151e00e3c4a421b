"""The value the date parser returns: a date, or the reason it could not settle on one."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

PAST = "past"
AMBIGUOUS = "ambiguous"
INVALID = "invalid"

# Reasons refine the error for the friendly message (they are not part of the stable error codes).
NO_YEAR = "no_year"  # past: a day and month whose nearest date has passed; candidate is next year's
RELATIVE = "relative"  # past: "i går", "forrige fredag", "for 3 dager siden"
WEEK_STARTED = "week_started"  # past: "uke 48" while week 48 is under way; candidate is its Monday
WEEKDAY_MISMATCH = "weekday_mismatch"  # ambiguous: "fredag 8. desember" when the 8th is a Tuesday
MONTH_ONLY = "month_only"  # ambiguous: "desember", "neste måned"
VAGUE = "vague"  # ambiguous: "etter jul", "snart", "en gang i vår"
DAY_ONLY = "day_only"  # ambiguous: "den 15." without a month; candidate is the next 15th
TIME_ONLY = "time_only"  # ambiguous: "kl. 14" without a day
APPROXIMATE = "approximate"  # ambiguous: "om et par uker", "ca. 15.12"
NO_SUCH_DATE = "no_such_date"  # invalid: 31.02, 29.02.2027, 32.1, 15.13
NO_SUCH_WEEK = "no_such_week"  # invalid: week 0, 54, or 53 in a 52-week year
BAD_TIME = "bad_time"  # invalid: "kl. 25"
OUT_OF_RANGE = "out_of_range"  # invalid: beyond the calendar (year 10000)
EMPTY = "empty"  # invalid: nothing written
UNKNOWN = "unknown"  # invalid: not a date expression at all


@dataclass(frozen=True)
class DateResult:
    """How one expression reads: `date` when it resolved cleanly, otherwise `error` (and maybe a candidate)."""

    text: str
    date: datetime.date | None
    error: str | None
    candidate: datetime.date | None = None
    time: datetime.time | None = None
    reason: str | None = None
    alternative: datetime.date | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.date is not None


def resolved(d: datetime.date) -> DateResult:
    """A clean reading."""
    return DateResult(text="", date=d, error=None)


def past(candidate: datetime.date, reason: str | None = None, alternative: datetime.date | None = None) -> DateResult:
    """A reading in the past; `candidate` is what a confirmation would save."""
    return DateResult(text="", date=None, error=PAST, candidate=candidate, reason=reason, alternative=alternative)


def ambiguous(
    reason: str, candidate: datetime.date | None = None, alternative: datetime.date | None = None
) -> DateResult:
    """A reading that needs the user to choose or be more precise."""
    return DateResult(text="", date=None, error=AMBIGUOUS, candidate=candidate, reason=reason, alternative=alternative)


def invalid(reason: str, alternative: datetime.date | None = None) -> DateResult:
    """No date: it does not exist, or this is not a date expression."""
    return DateResult(text="", date=None, error=INVALID, reason=reason, alternative=alternative)


def checked(d: datetime.date, today: datetime.date) -> DateResult:
    """An explicit date: clean if today or later, otherwise past (to be confirmed back)."""
    return resolved(d) if d >= today else past(d)


def read_date(result: DateResult) -> datetime.date | None:
    """The calendar date the user's words pointed at, even when it is past."""
    if result.date is not None:
        return result.date
    if result.error == PAST:
        return result.alternative if result.reason == NO_YEAR else result.candidate
    return None
