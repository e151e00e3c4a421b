"""ISO weeks in a time zone: parse "2026-W48" or "48", and turn a week into its UTC boundaries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_FULL = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)
_SHORT = re.compile(r"^\s*(?:uke|veke|week|w)?\s*(\d{1,2})\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO-8601 week, e.g. IsoWeek(2026, 48) printed as 2026-W48."""

    year: int
    week: int

    def __post_init__(self) -> None:
        weeks_in_year = date(self.year, 12, 28).isocalendar().week
        if not 1 <= self.week <= weeks_in_year:
            raise ValueError(f"week {self.week} does not exist in {self.year} (1–{weeks_in_year})")

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    def shift(self, weeks: int) -> IsoWeek:
        return week_of_date(self.monday() + timedelta(weeks=weeks))

    def previous(self) -> IsoWeek:
        return self.shift(-1)

    def bounds(self, tz: str) -> tuple[datetime, datetime]:
        """Start (Monday 00:00 local) and end (next Monday 00:00 local) in UTC; DST-safe."""
        zone = ZoneInfo(tz)
        start = datetime.combine(self.monday(), time(0), zone)
        end = datetime.combine(self.monday() + timedelta(weeks=1), time(0), zone)
        return start.astimezone(UTC), end.astimezone(UTC)


def week_of_date(day: date) -> IsoWeek:
    iso = day.isocalendar()
    return IsoWeek(iso.year, iso.week)


def week_of(moment: datetime, tz: str) -> IsoWeek:
    """The ISO week a moment falls in, in the given time zone."""
    return week_of_date(moment.astimezone(ZoneInfo(tz)).date())


def parse_week(text: str, *, today: IsoWeek) -> IsoWeek | None:
    """'2026-W48', '2026W48', 'uke 48' or '48' (the latest such week not after `today`); None if not a week."""
    full = _FULL.match(text)
    try:
        if full:
            return IsoWeek(int(full.group(1)), int(full.group(2)))
        short = _SHORT.match(text)
        if not short:
            return None
        number = int(short.group(1))
        year = today.year if number <= today.week else today.year - 1
        return IsoWeek(year, number)
    except ValueError:
        return None


def latest_weekly_slot(now: datetime, tz: str, weekday: int, at: time) -> datetime:
    """The most recent moment, at or before `now`, that is ISO `weekday` at local time `at` (in UTC)."""
    zone = ZoneInfo(tz)
    local = now.astimezone(zone)
    day = local.date() - timedelta(days=(local.isoweekday() - weekday) % 7)
    slot = datetime.combine(day, at, zone)
    if slot > local:
        slot = datetime.combine(day - timedelta(weeks=1), at, zone)
    return slot.astimezone(UTC)
