"""Format digest figures for people in nb/nn/en: percentages, points, lengths, dates, reasons, sections."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal

from bot.features.digest.rules import GroupDigest, Reason
from bot.features.digest.section_values import (
    AnchoringStatus,
    IntroductionStatus,
    JargonTrend,
    MilestoneStatus,
    Section,
    SupportRequests,
)
from bot.kernel.content.texts import TextCatalogue

_LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}
DIRECTIONS = ("sideways", "up", "down")


@dataclass(frozen=True)
class Formatter:
    """Texts and number formats for one language and time zone."""

    texts: TextCatalogue
    lang: str
    tz: str = "Europe/Oslo"

    def t(self, key: str, /, **params: object) -> str:
        return self.texts.t(self.lang, key, **params)

    def number(self, value: float, digits: int = 1) -> str:
        return format_decimal(round(value, digits), locale=_LOCALES.get(self.lang, "nb_NO"))

    def percent(self, rate: float | None) -> str:
        return self.t("digest.value.none") if rate is None else self.t("digest.value.percent", value=round(rate * 100))

    def points(self, change: float | None) -> str:
        if change is None:
            return self.t("digest.value.none")
        value = round(change * 100)
        return self.t("digest.value.points", sign="+" if value > 0 else ("−" if value < 0 else "±"), value=abs(value))

    def chars(self, length: float | None) -> str:
        return self.t("digest.value.none") if length is None else self.t("digest.value.chars", value=round(length))

    def day(self, moment: datetime | None) -> str:
        if moment is None:
            return self.t("digest.value.never")
        local = moment.astimezone(ZoneInfo(self.tz))
        return format_date(local, "d. MMM" if self.lang != "en" else "d MMM", locale=_LOCALES.get(self.lang, "nb_NO"))

    def reason(self, reason: Reason) -> str:
        if reason.code in ("low_rate", "falling"):
            return self.t(f"digest.reason.{reason.code}", value=abs(round(reason.value * 100)))
        return self.t(f"digest.reason.{reason.code}", value=int(reason.value))

    def reasons(self, group: GroupDigest) -> str:
        return "; ".join(self.reason(r) for r in group.reasons)

    def sector(self, sector: str) -> str:
        return self.t(f"sectors.{sector}") if self.texts.has(f"sectors.{sector}") else sector

    def sectors(self, by_sector: Mapping[str, int]) -> str:
        items = sorted(dict(by_sector).items(), key=lambda kv: (-kv[1], kv[0]))
        return " · ".join(f"{self.sector(s)} {n}" for s, n in items) or self.t("digest.value.none")

    def section_field(self, section: Section) -> tuple[str, str]:
        """A label and value for one optional section."""
        match section:
            case MilestoneStatus():
                return self.t("digest.field.milestones"), self.t(
                    "digest.value.milestones", done=section.done, due=section.due, overdue=section.overdue)
            case AnchoringStatus():
                parts = [f"{self.direction(d)} {section.by_direction.get(d, 0)}" for d in self._directions(section)]
                return self.t("digest.field.anchoring"), " · ".join(parts)
            case JargonTrend():
                return self.t("digest.field.jargon"), self.jargon(section)
            case IntroductionStatus():
                return self.t("digest.field.introductions"), self.t(
                    "digest.value.introductions", share=self.percent(section.share), count=section.made)
            case SupportRequests():
                return self.t("digest.field.support"), self.t("digest.value.support", count=section.count)
        raise TypeError(f"unknown section {type(section).__name__}")

    def direction(self, direction: str) -> str:
        key = f"digest.direction.{direction}"
        return self.t(key) if self.texts.has(key) else direction

    @staticmethod
    def _directions(section: AnchoringStatus) -> list[str]:
        return [*DIRECTIONS, *sorted(set(section.by_direction) - set(DIRECTIONS))]

    def jargon(self, trend: JargonTrend) -> str:
        if trend.per_100 is None:
            return self.t("digest.value.none")
        if trend.change is None:
            return self.t("digest.value.jargon", value=self.number(trend.per_100))
        sign = "+" if trend.change > 0 else ("−" if trend.change < 0 else "±")
        return self.t("digest.value.jargon_change", value=self.number(trend.per_100), sign=sign,
                      change=self.number(abs(trend.change)))
