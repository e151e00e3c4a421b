"""The weekly digest's numbers: per-group figures, the attention ranking and privacy thresholds (pure).

Input is already aggregated (`GroupFacts`, one per group, made by SQL GROUP BY queries); nothing here
sees a person. Groups smaller than `DigestRules.min_group_size` show no rates or lengths, because with
a handful of members a rate is a statement about named people. Suppression is complementary: a hidden
group's answers and lengths enter no published number at all (the programme's rate and median cover the
shown groups only, a change needs both weeks shown), so no total, trend or difference gives them away.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.features.digest.section_values import MilestoneStatus, Section, find_section, sum_sections
from bot.kernel.rules.weeks import IsoWeek


@dataclass(frozen=True)
class DigestRules:
    """Privacy threshold and what counts as needing attention."""

    min_group_size: int = 5
    silence_days: int = 14
    low_rate: float = 0.4
    falling_drop: float = 0.2


@dataclass(frozen=True)
class GroupFacts:
    """Aggregated figures for one group in one week (and the week before), straight from SQL."""

    group_id: int
    municipality: str
    created_at: datetime
    members_by_sector: Mapping[str, int] = field(default_factory=dict)
    prompts: int = 0
    answers: int = 0
    previous_members: int = 0
    previous_prompts: int = 0
    previous_answers: int = 0
    median_length: float | None = None
    last_activity: datetime | None = None
    sections: tuple[Section, ...] = ()

    @property
    def members(self) -> int:
        return sum(self.members_by_sector.values())


@dataclass(frozen=True)
class Reason:
    """Why a group needs attention: a code (texts `digest.reason.<code>`) and its figure."""

    code: str  # silent | low_rate | falling | overdue
    value: float


@dataclass(frozen=True)
class GroupDigest:
    """What a lead may see about one group; rates are None when hidden (small group) or undefined."""

    group_id: int
    municipality: str
    members: int
    members_by_sector: Mapping[str, int]
    prompts: int
    answer_rate: float | None
    rate_change: float | None
    median_length: float | None
    last_activity: datetime | None
    days_silent: int
    is_small: bool
    sections: tuple[Section, ...] = ()
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class Totals:
    """The programme's overall numbers."""

    groups: int
    members: int
    members_by_sector: Mapping[str, int]
    prompts: int
    answers: int  # of the shown groups
    answer_rate: float | None  # of the shown groups
    median_length: float | None  # of the shown groups
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Theme:
    word: str
    count: int  # in how many reflections the word occurs


@dataclass(frozen=True)
class Quote:
    """A consented reflection, never with a name; the municipality only for groups above the threshold."""

    text: str
    municipality: str | None


@dataclass(frozen=True)
class Digest:
    """One week of one programme (or one group), as leads and coordinators see it."""

    title: str
    week: IsoWeek
    groups: tuple[GroupDigest, ...]
    attention: tuple[GroupDigest, ...]
    totals: Totals
    themes: tuple[Theme, ...] = ()
    quotes: tuple[Quote, ...] = ()


def answer_rate(answers: int, prompts: int, members: int) -> float | None:
    """Answers per possible answer (prompts × members), capped at 1; None when nothing was asked."""
    possible = prompts * members
    return None if possible <= 0 else min(1.0, answers / possible)


def days_since(moment: datetime | None, since: datetime, now: datetime) -> int:
    """Whole days without activity at `now` (from creation when there was never any)."""
    return max(0, (now - (moment or since)).days)


def reasons_for(group: GroupDigest, rules: DigestRules) -> tuple[Reason, ...]:
    """The reasons a group needs attention; rate-based ones only where rates are visible."""
    reasons = []
    milestones = find_section(group.sections, MilestoneStatus)
    if milestones is not None and milestones.overdue:
        reasons.append(Reason("overdue", milestones.overdue))
    if group.days_silent >= rules.silence_days:
        reasons.append(Reason("silent", group.days_silent))
    if group.rate_change is not None and group.rate_change <= -rules.falling_drop:
        reasons.append(Reason("falling", group.rate_change))
    if group.answer_rate is not None and group.answer_rate < rules.low_rate:
        reasons.append(Reason("low_rate", group.answer_rate))
    return tuple(reasons)


_WEIGHTS = {"overdue": 3.0, "silent": 3.0, "falling": 2.0, "low_rate": 2.0}


def attention_score(group: GroupDigest) -> float:
    """Higher means more in need of support; overdue milestones count once each, up to three."""
    score = 0.0
    for reason in group.reasons:
        weight = _WEIGHTS[reason.code]
        score += weight * min(3.0, reason.value) if reason.code == "overdue" else weight
    return score


def group_digest(facts: GroupFacts, rules: DigestRules, *, now: datetime) -> GroupDigest:
    """One group's visible figures, with rates hidden below the privacy threshold."""
    small = facts.members < rules.min_group_size
    rate = answer_rate(facts.answers, facts.prompts, facts.members)
    before = answer_rate(facts.previous_answers, facts.previous_prompts, facts.previous_members)
    change = None if rate is None or before is None or facts.previous_members < rules.min_group_size else rate - before
    digest = GroupDigest(
        group_id=facts.group_id, municipality=facts.municipality, members=facts.members,
        members_by_sector=dict(facts.members_by_sector), prompts=facts.prompts,
        answer_rate=None if small else rate, rate_change=None if small else change,
        median_length=None if small else facts.median_length, last_activity=facts.last_activity,
        days_silent=days_since(facts.last_activity, facts.created_at, now), is_small=small,
        sections=facts.sections,
    )
    return _with_reasons(digest, rules)


def _with_reasons(group: GroupDigest, rules: DigestRules) -> GroupDigest:
    return replace(group, reasons=reasons_for(group, rules))


def shown(facts: Sequence[GroupFacts], rules: DigestRules) -> list[GroupFacts]:
    """The groups whose answer figures are published (at least the threshold of members)."""
    return [f for f in facts if f.members >= rules.min_group_size]


def totals_of(facts: Sequence[GroupFacts], rules: DigestRules, median_length: float | None) -> Totals:
    """Programme totals; the rate covers the shown groups only (`median_length` must too), so nothing subtracts."""
    by_sector: Counter[str] = Counter()
    for f in facts:
        by_sector.update(f.members_by_sector)
    counted = shown(facts, rules)
    possible = sum(f.prompts * f.members for f in counted)
    answers = sum(f.answers for f in counted)
    rate = None if possible <= 0 else min(1.0, answers / possible)
    return Totals(groups=len(facts), members=sum(f.members for f in facts), members_by_sector=dict(by_sector),
                  prompts=sum(f.prompts for f in facts), answers=answers, answer_rate=rate,
                  median_length=median_length if counted else None,
                  sections=sum_sections(f.sections for f in facts))


def build_digest(title: str, week: IsoWeek, facts: Sequence[GroupFacts], rules: DigestRules, *, now: datetime,
                 median_length: float | None = None, themes: Sequence[Theme] = (),
                 quotes: Sequence[Quote] = ()) -> Digest:
    """Assemble the digest: groups by municipality, and those needing attention ranked first."""
    groups = tuple(sorted((group_digest(f, rules, now=now) for f in facts), key=lambda g: g.municipality))
    needing = sorted((g for g in groups if g.reasons), key=lambda g: (-attention_score(g), g.municipality))
    return Digest(title=title, week=week, groups=groups, attention=tuple(needing),
                  totals=totals_of(facts, rules, median_length), themes=tuple(themes), quotes=tuple(quotes))
