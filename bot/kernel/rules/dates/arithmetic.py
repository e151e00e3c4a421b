"""Calendar arithmetic for the parser: whole calendar days, months, ISO weeks (never 24-hour steps)."""

from __future__ import annotations

import calendar
import datetime
from zoneinfo import ZoneInfo

from bot.kernel.rules.dates.result import (
    NO_SUCH_DATE,
    NO_SUCH_WEEK,
    NO_YEAR,
    OUT_OF_RANGE,
    WEEK_STARTED,
    DateResult,
    checked,
    invalid,
    past,
    resolved,
)


def local_today(now: datetime.datetime, tz: str = "Europe/Oslo") -> datetime.date:
    """The calendar date in `tz` at the instant `now` (a naive `now` is taken as local time in `tz`)."""
    if now.tzinfo is None:
        return now.date()
    return now.astimezone(ZoneInfo(tz)).date()


def last_day(year: int, month: int) -> datetime.date:
    """The last day of a month."""
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def add_days(d: datetime.date, days: int) -> DateResult:
    """`d` plus whole calendar days, or invalid when that leaves the calendar."""
    try:
        return resolved(d + datetime.timedelta(days=days))
    except OverflowError:
        return invalid(OUT_OF_RANGE)


def add_months(d: datetime.date, months: int) -> DateResult:
    """Same day of the month, `months` later; falls back to the month's last day (31.1 + 1 → 28/29.2)."""
    year, month = divmod(d.year * 12 + d.month - 1 + months, 12)
    if not 1 <= year <= 9999:
        return invalid(OUT_OF_RANGE)
    day = min(d.day, calendar.monthrange(year, month + 1)[1])
    return resolved(datetime.date(year, month + 1, day))


def make_date(year: int, month: int, day: int) -> DateResult:
    """An existing date, or invalid (with the month's last day as a hint when only the day is too large)."""
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return invalid(NO_SUCH_DATE)
    if not 1 <= year <= 9999:
        return invalid(OUT_OF_RANGE)
    if day > calendar.monthrange(year, month)[1]:
        return invalid(NO_SUCH_DATE, alternative=last_day(year, month))
    return resolved(datetime.date(year, month, day))


def explicit_date(year: int, month: int, day: int, today: datetime.date) -> DateResult:
    """A date written with its year: invalid if it does not exist, past if it has passed."""
    result = make_date(year, month, day)
    return checked(result.date, today) if result.date else result


def _position(year: int, month: int, day: int) -> datetime.date:
    # Where the date would fall even if it does not exist (29.02 in a common year sits at 01.03).
    return datetime.date(year, month, 1) + datetime.timedelta(days=day - 1)


def day_month(month: int, day: int, today: datetime.date) -> DateResult:
    """A day and month without a year: the nearer of this year's and next year's date, never silently moved."""
    if not 1 <= month <= 12 or not 1 <= day <= 31 or today.year >= 9999:
        return invalid(NO_SUCH_DATE)
    this, following = today.year, today.year + 1
    gap_this = abs((_position(this, month, day) - today).days)
    gap_next = abs((_position(following, month, day) - today).days)
    year = this if gap_this < gap_next else following  # a tie goes to the future
    result = make_date(year, month, day)
    if result.date is None or result.date >= today:
        return result
    later = make_date(following, month, day).date
    if later is None:  # 29 February of a leap year, with none next year: only the past date exists
        return past(result.date)
    return past(later, reason=NO_YEAR, alternative=result.date)


def weeks_in_year(iso_year: int) -> int:
    """52 or 53: the ISO week number of 28 December."""
    return datetime.date(iso_year, 12, 28).isocalendar().week


def week_day(week: int, weekday: int, year: int | None, today: datetime.date) -> DateResult:
    """Day `weekday` (1 = Monday) of ISO week `week`: in `year`, else this ISO year, or next if the week has ended."""
    if not 1 <= week <= 53:
        return invalid(NO_SUCH_WEEK)
    if year is None:
        year = today.isocalendar().year
        if week <= weeks_in_year(year) and datetime.date.fromisocalendar(year, week, 7) < today:
            year += 1
    if not 1 <= year <= 9998:
        return invalid(OUT_OF_RANGE)
    if week > weeks_in_year(year):
        return invalid(NO_SUCH_WEEK, alternative=datetime.date.fromisocalendar(year, weeks_in_year(year), 1))
    return checked(datetime.date.fromisocalendar(year, week, weekday), today)


def week_start(week: int, year: int | None, today: datetime.date) -> DateResult:
    """Monday of ISO week `week`; a week already under way is past, with its Monday as the candidate."""
    result = week_day(week, 1, year, today)
    if result.candidate is not None and result.candidate.isocalendar()[:2] == today.isocalendar()[:2]:
        return past(result.candidate, reason=WEEK_STARTED)
    return result


def next_weekday(weekday: int, today: datetime.date) -> datetime.date:
    """The first day with ISO `weekday` strictly after today (a week later if today is that day)."""
    return today + datetime.timedelta(days=(weekday - today.isoweekday() - 1) % 7 + 1)


def previous_weekday(weekday: int, today: datetime.date) -> datetime.date:
    """The last day with ISO `weekday` strictly before today."""
    return today - datetime.timedelta(days=(today.isoweekday() - weekday - 1) % 7 + 1)


def weekday_in_week(weekday: int, weeks_ahead: int, today: datetime.date) -> DateResult:
    """Day `weekday` of the ISO week `weeks_ahead` weeks after the current one."""
    monday = today - datetime.timedelta(days=today.isoweekday() - 1)
    result = add_days(monday, 7 * weeks_ahead + weekday - 1)
    return checked(result.date, today) if result.date else result


def next_day_of_month(day: int, today: datetime.date) -> datetime.date | None:
    """The first date on or after today whose day of the month is `day` (None if `day` is not 1..31)."""
    if not 1 <= day <= 31:
        return None
    year, month = today.year, today.month
    for _ in range(13):
        if day <= calendar.monthrange(year, month)[1] and datetime.date(year, month, day) >= today:
            return datetime.date(year, month, day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None
