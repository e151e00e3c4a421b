"""Optional digest sections fed by features (milestones, anchoring, jargon, introductions, requests for a mentor's
support): plain values, summed per programme.

A section appears in a group's digest only when a provider supplied it (see `bot.features.digest.sections`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

S = TypeVar("S")


@dataclass(frozen=True)
class MilestoneStatus:
    """A group's milestones at the end of the week: done, due (open, not yet late) and overdue."""

    done: int = 0
    due: int = 0
    overdue: int = 0

    def __add__(self, other: MilestoneStatus) -> MilestoneStatus:
        return MilestoneStatus(self.done + other.done, self.due + other.due, self.overdue + other.overdue)


@dataclass(frozen=True)
class AnchoringStatus:
    """Stakeholders in the group's map, counted by direction (sideways/up/down) and by relation."""

    by_direction: Mapping[str, int] = field(default_factory=dict)
    by_relation: Mapping[str, int] = field(default_factory=dict)

    def __add__(self, other: AnchoringStatus) -> AnchoringStatus:
        return AnchoringStatus(dict(Counter(self.by_direction) + Counter(other.by_direction)),
                               dict(Counter(self.by_relation) + Counter(other.by_relation)))

    @property
    def total(self) -> int:
        return sum(self.by_direction.values())


@dataclass(frozen=True)
class JargonTrend:
    """Jargon findings and messages in the week and the week before (a rate per 100 messages)."""

    findings: int = 0
    messages: int = 0
    previous_findings: int = 0
    previous_messages: int = 0

    def __add__(self, other: JargonTrend) -> JargonTrend:
        return JargonTrend(self.findings + other.findings, self.messages + other.messages,
                           self.previous_findings + other.previous_findings,
                           self.previous_messages + other.previous_messages)

    @property
    def per_100(self) -> float | None:
        return per_100(self.findings, self.messages)

    @property
    def previous_per_100(self) -> float | None:
        return per_100(self.previous_findings, self.previous_messages)

    @property
    def change(self) -> float | None:
        now, before = self.per_100, self.previous_per_100
        return None if now is None or before is None else now - before


@dataclass(frozen=True)
class IntroductionStatus:
    """Introductions made in the group so far, and how many of them led to a meeting (never who)."""

    made: int = 0
    met: int = 0

    def __add__(self, other: IntroductionStatus) -> IntroductionStatus:
        return IntroductionStatus(self.made + other.made, self.met + other.met)

    @property
    def share(self) -> float | None:
        return None if self.made <= 0 else self.met / self.made


@dataclass(frozen=True)
class SupportRequests:
    """How often the group's coordinators asked their mentor for support in the week (never what, never who)."""

    count: int = 0

    def __add__(self, other: SupportRequests) -> SupportRequests:
        return SupportRequests(self.count + other.count)


Section = MilestoneStatus | AnchoringStatus | JargonTrend | IntroductionStatus | SupportRequests
SECTION_TYPES: tuple[type, ...] = (MilestoneStatus, AnchoringStatus, JargonTrend, IntroductionStatus,
                                   SupportRequests)


def per_100(findings: int, messages: int) -> float | None:
    return None if messages <= 0 else 100.0 * findings / messages


def find_section(sections: Iterable[Section], kind: type[S]) -> S | None:
    """The section of this type, if present."""
    return next((s for s in sections if isinstance(s, kind)), None)


def sum_sections(per_group: Iterable[Iterable[Section]]) -> tuple[Section, ...]:
    """Programme totals: each section type summed over the groups that have it."""
    totals: dict[type, Section] = {}
    for sections in per_group:
        for section in sections:
            kind = type(section)
            totals[kind] = _plus(totals[kind], section) if kind in totals else section
    return tuple(totals[k] for k in SECTION_TYPES if k in totals)


def _plus(total: Section, section: Section) -> Section:
    """Two sections of the same type added up."""
    match total, section:
        case MilestoneStatus(), MilestoneStatus():
            return total + section
        case AnchoringStatus(), AnchoringStatus():
            return total + section
        case JargonTrend(), JargonTrend():
            return total + section
        case IntroductionStatus(), IntroductionStatus():
            return total + section
        case SupportRequests(), SupportRequests():
            return total + section
    raise TypeError(f"unsupported operand types for +: {type(total).__name__!r} and {type(section).__name__!r}")
