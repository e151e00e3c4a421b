"""Calendar rules: when the bot may speak (working hours, weekdays, Norwegian holidays, quiet periods).

All functions are pure. Datetimes in and out are timezone-aware; results are expressed in the
rules' time zone (the same instant can be compared with UTC values freely). Local times are
always built from a calendar date plus a wall-clock time and then normalised through UTC, so a
working day that starts inside a DST gap still lands on a real instant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

DEFAULT_TZ = "Europe/Oslo"
WEEKDAYS: frozenset[int] = frozenset(range(5))  # Monday=0 … Friday=4
# Far enough to cross any realistic quiet period; protects against rules that never allow a slot.
_MAX_SEARCH_DAYS = 3 * 366

BlockKind = Literal["weekend", "holiday", "quiet", "before-hours", "after-hours"]


def known_zone(name: str) -> str:
    """`name` if it is an IANA time zone, else ValueError with a plain explanation."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r} (use an IANA name such as 'Europe/Oslo')") from exc
    return name


@dataclass(frozen=True)
class QuietPeriod:
    """A date range (both ends inclusive) when the group hears nothing, e.g. a school holiday."""

    start: date
    end: date
    name: str = ""

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end


@dataclass(frozen=True)
class CalendarRules:
    """Where and when a group may be nudged."""

    tz: str = DEFAULT_TZ
    workdays: frozenset[int] = WEEKDAYS
    work_start: time = time(8, 0)
    work_end: time = time(16, 0)
    quiet_periods: tuple[QuietPeriod, ...] = ()
    country: str | None = "NO"
    _zone: ZoneInfo = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.work_start < self.work_end:
            raise ValueError("work_start must be before work_end")
        if not self.workdays:
            raise ValueError("at least one workday is needed")
        object.__setattr__(self, "_zone", ZoneInfo(self.tz))

    @property
    def zone(self) -> ZoneInfo:
        return self._zone


@dataclass(frozen=True)
class Block:
    """Why a moment is not allowed: the kind, plus the holiday or quiet-period name where there is one."""

    kind: BlockKind
    name: str | None = None


@cache
def _holidays_for(country: str, year: int) -> dict[date, str]:
    """Public holidays for one country and year, with Norwegian names (cached per year)."""
    # language="no" is essential: under LANG=C the names come out in English.
    return dict(holidays.country_holidays(country, years=year, language="no").items())


def holiday_name(d: date, country: str = "NO") -> str | None:
    """The public holiday's Norwegian name on `d`, or None."""
    return _holidays_for(country, d.year).get(d)


def local(when: datetime, rules: CalendarRules) -> datetime:
    """`when` expressed in the rules' time zone; rejects naive datetimes."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("calendar rules need timezone-aware datetimes")
    return when.astimezone(rules.zone)


def at_local(d: date, t: time, rules: CalendarRules) -> datetime:
    """The instant of wall-clock time `t` on date `d` in the rules' zone, normalised across DST gaps."""
    return datetime.combine(d, t, tzinfo=rules.zone).astimezone(UTC).astimezone(rules.zone)


def day_block(d: date, rules: CalendarRules) -> Block | None:
    """Why no nudge may be sent at all on `d`, or None if it is a working day."""
    if rules.country:
        name = holiday_name(d, rules.country)
        if name:
            return Block("holiday", name)
    for period in rules.quiet_periods:
        if period.contains(d):
            return Block("quiet", period.name or None)
    if d.weekday() not in rules.workdays:
        return Block("weekend")
    return None


def is_working_day(d: date, rules: CalendarRules) -> bool:
    """True if nudges may be sent on `d` (during working hours)."""
    return day_block(d, rules) is None


def block_for(when: datetime, rules: CalendarRules) -> Block | None:
    """Why `when` is not an allowed moment, or None if it is."""
    moment = local(when, rules)
    blocked = day_block(moment.date(), rules)
    if blocked:
        return blocked
    if moment < at_local(moment.date(), rules.work_start, rules):
        return Block("before-hours")
    if moment >= at_local(moment.date(), rules.work_end, rules):
        return Block("after-hours")
    return None


def is_allowed(when: datetime, rules: CalendarRules) -> bool:
    """True if a nudge may go out at `when`."""
    return block_for(when, rules) is None


def next_working_day(d: date, rules: CalendarRules, *, include: bool = False) -> date:
    """The first working day after `d` (or `d` itself when `include` and it is one)."""
    candidate = d if include else d + timedelta(days=1)
    for _ in range(_MAX_SEARCH_DAYS):
        if is_working_day(candidate, rules):
            return candidate
        candidate += timedelta(days=1)
    raise ValueError(f"no working day within {_MAX_SEARCH_DAYS} days after {d}")


def next_allowed_slot(when: datetime, rules: CalendarRules) -> datetime:
    """`when` itself if allowed, else the start of the next working period (in the rules' zone)."""
    moment = local(when, rules)
    today = moment.date()
    if is_working_day(today, rules):
        start = at_local(today, rules.work_start, rules)
        if moment < start:
            return start
        if moment < at_local(today, rules.work_end, rules):
            return moment
    return at_local(next_working_day(today, rules), rules.work_start, rules)


def working_days_before(d: date, n: int, rules: CalendarRules) -> date:
    """The date `n` working days before `d` (n=0: `d` if it is a working day, else the one before)."""
    return _step_working_days(d, n, rules, step=-1)


def working_days_after(d: date, n: int, rules: CalendarRules) -> date:
    """The date `n` working days after `d` (n=0: `d` if it is a working day, else the one after)."""
    return _step_working_days(d, n, rules, step=1)


def _step_working_days(d: date, n: int, rules: CalendarRules, *, step: int) -> date:
    """Walk `n` working days from `d` in direction `step` (n=0 snaps to the nearest one that way)."""
    if n < 0:
        raise ValueError("n must be zero or more")
    if n == 0 and is_working_day(d, rules):
        return d
    wanted = max(n, 1)
    candidate, counted = d, 0
    for _ in range(_MAX_SEARCH_DAYS + 2 * wanted):
        candidate += timedelta(days=step)
        if is_working_day(candidate, rules):
            counted += 1
            if counted == wanted:
                return candidate
    raise ValueError(f"no working day found {n} working days from {d}")
