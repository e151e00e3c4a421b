"""Render an expanded programme calendar as readable lines, with Norwegian (or English) dates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from babel.dates import format_date

from bot.kernel.content.texts import TextCatalogue
from bot.kernel.programme.expand import Calendar, DatedGathering, PromptOccurrence
from bot.kernel.programme.prompts import PromptLibrary
from bot.kernel.programme.schedule import WEEKDAY_NUMBERS

_LOCALES = {"nb": "nb", "nn": "nn", "en": "en_GB"}


class CalendarView:
    """Turns a Calendar into rich-markup lines in one language."""

    def __init__(self, texts: TextCatalogue, lang: str, prompts: PromptLibrary) -> None:
        self.texts, self.lang, self.prompts = texts, lang, prompts

    def t(self, key: str, **params: object) -> str:
        return self.texts.t(self.lang, key, **params)

    def day(self, when: datetime) -> str:
        """`tirsdag 8. desember 2026` (or `Tuesday 8 December 2026`)."""
        pattern = "EEEE d MMMM y" if self.lang == "en" else "EEEE d. MMMM y"
        return format_date(when.date(), pattern, locale=_LOCALES.get(self.lang, "nb"))

    def moment(self, when: datetime) -> str:
        return self.t("schedule.at_time", date=self.day(when), time=f"{when:%H:%M}")

    def lines(self, calendar: Calendar) -> Iterator[str]:
        """Header, then each gathering followed by the prompts after it, then milestones."""
        yield from self._header(calendar)
        for gathering in calendar.gatherings:
            yield ""
            yield from self._gathering(gathering)
            for occurrence in (p for p in calendar.prompts if p.gathering_id == gathering.id):
                yield from self._prompt(occurrence)
        if calendar.skipped:
            yield ""
            yield f"[bold]{self.t('schedule.label.skipped')}:[/bold] {', '.join(calendar.skipped)}"
        if calendar.milestones:
            yield ""
            yield f"[bold]{self.t('schedule.label.milestones')}[/bold]"
            for m in calendar.milestones:
                checklist = f" — {self.t('schedule.label.checklist')}: {m.checklist}" if m.checklist else ""
                yield f"  ◆ {self.moment(m.due_at)}: {m.title} ({m.kind}){checklist}"

    def _header(self, calendar: Calendar) -> Iterator[str]:
        rules = calendar.rules
        yield f"[bold]{self.t('schedule.label.programme')}: {calendar.name}[/bold] ({calendar.programme_id})"
        yield f"{self.t('schedule.label.timezone')}: {rules.tz}"
        days = ", ".join(name for name, n in WEEKDAY_NUMBERS.items() if n in rules.workdays)
        hours = f"{rules.work_start:%H:%M}–{rules.work_end:%H:%M}"
        yield f"{self.t('schedule.label.working_hours')}: {days} {hours}"
        quiet = [f"{q.name or '–'} {q.start:%d.%m.%Y}–{q.end:%d.%m.%Y}" for q in rules.quiet_periods]
        yield f"{self.t('schedule.label.quiet_periods')}: {'; '.join(quiet) or self.t('schedule.label.none')}"

    def _gathering(self, g: DatedGathering) -> Iterator[str]:
        start, end = f"{g.start:%H:%M}", f"{g.end:%H:%M}"
        when = self.t("schedule.between_times", date=self.day(g.start), start=start, end=end)
        form = self.t(f"schedule.form.{g.form}")
        place = f", {g.place}" if g.place else ""
        yield f"[bold]● {self.t('schedule.label.gathering')}: {g.title}[/bold] — {when}, {form}{place}"
        if g.attends:
            yield f"    {self.t('schedule.label.attends')}: {', '.join(g.attends)}"
        if g.moved_from:
            yield f"    [yellow]{self.t('schedule.moved.gathering', day=self.day(g.moved_from))}[/yellow]"

    def _prompt(self, p: PromptOccurrence) -> Iterator[str]:
        prompt = self.prompts.get(p.prompt_id)
        title = prompt.title.get(self.lang) if prompt else p.prompt_id
        swapped = f" — {self.t('schedule.label.swapped', prompt=p.swapped_from)}" if p.swapped_from else ""
        yield f"  ○ {self.t('schedule.label.prompt')} «{title}» ({p.prompt_id}){swapped}"
        moved = f"  [yellow]{self.moved(p)}[/yellow]" if p.moved_from else ""
        yield f"      {self.t('schedule.label.post')}: {self.moment(p.post_at)}{moved}"
        yield f"      {self.t('schedule.label.due')}: {self.moment(p.due_at)}"
        reminders = "; ".join(self.moment(r) for r in p.reminders) or self.t("schedule.label.none")
        yield f"      {self.t('schedule.label.reminders')}: {reminders}"

    def moved(self, p: PromptOccurrence) -> str:
        """Why a post moved, e.g. `flyttet fra lørdag 12. desember 2026 (helg)`."""
        if p.moved_from is None or p.move_reason is None:
            return ""
        reason = p.move_reason
        if reason == "quiet" and not p.move_detail:
            reason = "quiet_unnamed"
        key = f"schedule.moved.{reason}"
        return self.t(key, day=self.day(p.moved_from), name=p.move_detail or "", time=f"{p.moved_from:%H:%M}")
