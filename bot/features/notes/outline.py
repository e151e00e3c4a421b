"""The notes as an outline of typed lines in the reader's language; the chat, HTML and Word renderers share it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from bot.features.notes.rules import NotesDocument, PromptNotes
from bot.kernel.rules.dates import format_date
from bot.kernel.rules.when import format_moment

Kind = Literal["title", "meta", "warning", "heading", "subheading", "text", "bullet", "quote", "answer", "check",
               "open"]
Translate = Callable[..., str]


@dataclass(frozen=True)
class Line:
    """One line of the notes; `label` is the bold lead of an answer (name and sector)."""

    kind: Kind
    text: str
    label: str = ""


def outline(doc: NotesDocument, t: Translate) -> list[Line]:
    """Every line of one copy of the notes, in reading order."""
    lang, tz = doc.lang, doc.timezone
    g = doc.gathering
    lines = [Line("title", t("notes.title", gathering=g.title) if g.title else t("notes.title_next"))]
    lines.append(Line("meta", " · ".join(p for p in (doc.municipality, doc.programme or "") if p)))
    if g.start is not None:
        lines.append(Line("meta", t("notes.when", when=format_moment(g.start, tz, lang))
                          + (f" · {g.place}" if g.place else "")))
    if g.purpose:
        lines.append(Line("meta", g.purpose))
    lines.append(Line("warning", t("notes.copy_shareable" if doc.shareable else "notes.copy_coordinator")))
    counts = doc.track_counts()
    lines += [Line("heading", t("notes.prompts_heading")),
              Line("text", t("notes.period", since=format_date(doc.since.astimezone(ZoneInfo(tz)).date(), lang),
                             count=len(doc.prompts))),
              Line("text", t("notes.tracks", tiltak=counts["tiltak"], organisasjon=counts["organisasjon"],
                             begge=counts["begge"]))]
    for prompt in doc.prompts:
        lines += _prompt(doc, prompt, t)
    lines.append(Line("heading", t("notes.milestones_heading")))
    if not doc.milestones:
        lines.append(Line("text", t("notes.no_milestones")))
    for milestone in doc.milestones:
        lines.append(Line("subheading", t("notes.milestone", title=milestone.title,
                                          due=format_date(milestone.due, lang),
                                          status=t(f"milestones.status.{milestone.status}"))))
        if not milestone.checklist:
            lines.append(Line("text", t("notes.no_checklist")))
        lines += [Line("check" if item.done else "open", f"{t(f'notes.direction.{item.direction}')}: {item.text}")
                  for item in milestone.checklist]
    lines.append(Line("heading", t("notes.stakeholders_heading")))
    if not doc.stakeholders:
        lines.append(Line("text", t("notes.no_stakeholders")))
    for person in doc.stakeholders:
        text = t("notes.stakeholder", name=person.name, direction=t(f"notes.direction.{person.direction}"),
                 relation=t(f"anchoring.relation.{person.relation}"))
        if person.new:
            text += f" – {t('notes.new')}"
        if person.next_step:
            text += f". {t('notes.next_step', step=person.next_step)}"
        lines.append(Line("bullet", text))
    lines += _sources(doc, t)
    lines.append(Line("meta", t("notes.made", when=format_moment(doc.made_at, tz, lang))))
    return lines


def _sources(doc: NotesDocument, t: Translate) -> list[Line]:
    """The source register's new entries, by sector (kildejakt between the gatherings)."""
    lines = [Line("heading", t("notes.sources_heading"))]
    if not doc.sources:
        lines.append(Line("text", t("notes.no_sources")))
    for sector, entries in doc.sources:
        lines.append(Line("subheading", t(f"sectors.{sector}") if sector else t("notes.no_sector")))
        lines += [Line("bullet", f"{e.title} ({t(f'sources.kind.{e.kind}')})" + (f" – {e.link}" if e.link else ""))
                  for e in entries]
    return lines


def _prompt(doc: NotesDocument, prompt: PromptNotes, t: Translate) -> list[Line]:
    lines = [Line("subheading", f"{prompt.title} – {t(f'notes.track.{prompt.track}')}"),
             Line("text", prompt.question),
             Line("meta", t("notes.answered", answered=prompt.answered, total=prompt.members,
                            due=format_moment(prompt.due_at, doc.timezone, doc.lang)))]
    if not doc.shareable:
        lines += [Line("answer", a.text, f"{a.name} ({a.sector}){t('notes.late') if a.late else ''}")
                  for a in prompt.answers]
    lines.append(Line("text", t("notes.themes", themes=", ".join(prompt.themes)) if prompt.themes
                      else t("notes.no_themes")))
    if doc.shareable:
        lines.append(Line("text", t("notes.quotes", count=len(prompt.quotes))))
        lines += [Line("quote", quote) for quote in prompt.quotes]
    if prompt.questions:
        lines.append(Line("text", t("notes.questions", count=len(prompt.questions))))
        lines += [Line("bullet", question) for question in prompt.questions]
    return lines
