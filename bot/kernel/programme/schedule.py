"""The programme schedule as data: gatherings, the prompts between them, reminders, quiet periods, milestones.

These pydantic models are the schema of `schedules/*.yaml` (see `schedules/README.md`). They hold
no I/O; loading files and explaining errors with line numbers is `bot.kernel.programme.schedules`' job.
Wall-clock values (`date`, `start`, `at`) are local to the programme's time zone.
"""

from __future__ import annotations

import datetime as dt
from datetime import date, time
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from bot.kernel.rules.calendar import DEFAULT_TZ, CalendarRules, QuietPeriod, known_zone

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9æøå]*(-[a-z0-9æøå]+)*$", max_length=80)]

# Who attends a gathering: the member sectors (as in bot.kernel.rules.people.Sector) and roles around the group.
Attendee = Literal[
    "barnehage", "skole", "sfo-aks", "kulturskole", "administrasjon", "politikk", "innbygger", "frivillighet",
    "annet", "kommunegruppa", "koordinatorer", "ledelse", "barn-og-unge", "prosjektledelse", "fadder",
    "andre-kommuner",
]
ATTENDEES: tuple[str, ...] = get_args(Attendee)
MilestoneKind = Literal["forankringsmøte", "samling", "rapport", "politisk-sak", "annet"]
GatheringForm = Literal["physical", "digital"]
Weekday = Literal["man", "tir", "ons", "tor", "fre", "lør", "søn"]
WEEKDAY_NUMBERS: dict[str, int] = {name: i for i, name in enumerate(get_args(Weekday))}

# Anchors a prompt slot may refer to besides gathering ids.
PREVIOUS, NEXT, POST = "previous", "next", "post"


class _Strict(BaseModel):
    """Unknown keys are errors (they are nearly always typos)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Offset(_Strict):
    """A moment `after` or `before` an anchor, by calendar days or working days, at a wall-clock time."""

    after: str | None = None
    before: str | None = None
    days: int = Field(0, ge=0, le=366)
    working_days: int = Field(0, ge=0, le=260)
    at: time | None = None

    @model_validator(mode="after")
    def _one_anchor(self) -> Offset:
        if (self.after is None) == (self.before is None):
            raise ValueError("give exactly one of 'after' or 'before'")
        if self.days and self.working_days:
            raise ValueError("give 'days' or 'working_days', not both")
        return self

    @property
    def anchor(self) -> str:
        return self.after if self.after is not None else str(self.before)


class Reminder(_Strict):
    """When a reminder goes out, counted back from the due time."""

    days_before_due: int | None = Field(None, ge=0, le=60)
    working_days_before_due: int | None = Field(None, ge=0, le=60)
    hours_before_due: int | None = Field(None, ge=0, le=24 * 60)
    at: time | None = None

    @model_validator(mode="after")
    def _one_measure(self) -> Reminder:
        measures = (self.days_before_due, self.working_days_before_due, self.hours_before_due)
        given = [v for v in measures if v is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of days_before_due, working_days_before_due, hours_before_due")
        if self.hours_before_due is not None and self.at is not None:
            raise ValueError("'at' cannot be combined with hours_before_due")
        return self


class PromptSlot(_Strict):
    """One prompt in the between-meeting work: when it is posted, due, and reminded."""

    prompt: Slug
    post: Offset
    due: Offset
    reminders: tuple[Reminder, ...] | None = None


class Gathering(_Strict):
    """A meeting of the group (samling): when, physical or digital, who attends and why."""

    id: Slug
    title: str = Field(min_length=1)
    date: dt.date
    start: time = time(9, 0)
    end: time = time(15, 0)
    form: GatheringForm
    place: str | None = None
    attends: tuple[Attendee, ...] = ()
    purpose: str | None = None
    between: tuple[PromptSlot, ...] = ()

    @model_validator(mode="after")
    def _start_before_end(self) -> Gathering:
        if not self.start < self.end:
            raise ValueError(f"the gathering ends ({self.end:%H:%M}) before it starts ({self.start:%H:%M})")
        return self


class WorkingHours(_Strict):
    """Days and hours when the bot may post or remind."""

    days: tuple[Weekday, ...] = ("man", "tir", "ons", "tor", "fre")
    start: time = time(8, 0)
    end: time = time(16, 0)

    @model_validator(mode="after")
    def _sane(self) -> WorkingHours:
        if not self.days:
            raise ValueError("at least one working day is needed")
        if not self.start < self.end:
            raise ValueError("working hours must start before they end")
        return self


class QuietPeriodSpec(_Strict):
    """A date range (both ends included) with no posts or reminders, e.g. a school holiday."""

    start: date
    end: date
    name: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> QuietPeriodSpec:
        if self.end < self.start:
            raise ValueError(f"the quiet period ends ({self.end}) before it starts ({self.start})")
        return self

    def to_rule(self) -> QuietPeriod:
        return QuietPeriod(self.start, self.end, self.name)


class MilestoneSpec(_Strict):
    """A programme milestone every group gets, due relative to a gathering."""

    id: Slug
    title: str = Field(min_length=1)
    kind: MilestoneKind
    due: Offset
    owner: str = "koordinator"
    description: str | None = None
    checklist: Slug | None = None


class Schedule(_Strict):
    """A whole programme: gatherings in order, with the between-meeting prompts after each."""

    id: Slug
    name: str = Field(min_length=1)
    description: str | None = None
    timezone: str = DEFAULT_TZ
    working_hours: WorkingHours = WorkingHours()
    reminders: tuple[Reminder, ...] = ()
    quiet_periods: tuple[QuietPeriodSpec, ...] = ()
    gatherings: tuple[Gathering, ...] = Field(min_length=1)
    milestones: tuple[MilestoneSpec, ...] = ()

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return known_zone(value)

    def rules(self) -> CalendarRules:
        """The calendar rules this programme declares."""
        return rules_from(self.timezone, self.working_hours, self.quiet_periods)

    def prompt_ids(self) -> set[str]:
        return {slot.prompt for g in self.gatherings for slot in g.between}


def rules_from(tz: str, hours: WorkingHours, quiet: tuple[QuietPeriodSpec, ...]) -> CalendarRules:
    """Calendar rules from schedule-file values."""
    return CalendarRules(
        tz=tz,
        workdays=frozenset(WEEKDAY_NUMBERS[d] for d in hours.days),
        work_start=hours.start,
        work_end=hours.end,
        quiet_periods=tuple(q.to_rule() for q in quiet),
    )
