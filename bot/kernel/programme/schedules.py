"""Programme schedules from `schedules/*.yaml` (one programme per file), validated with file:line errors.

A schedule with any problem is left out and its problems reported, so a running bot can keep the
last valid version. Group adjustments (YAML or JSON) are loaded and checked the same way.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import ValidationError

import bot
from bot.errors import YamlFileError
from bot.kernel.content.yaml_source import Problem, YamlDocument, explain, known_fields, read_yaml
from bot.kernel.programme.checks import Finding, check_adjustments, check_schedule
from bot.kernel.programme.expand import GroupAdjustments
from bot.kernel.programme.schedule import Schedule


@dataclass(frozen=True)
class ScheduleSet:
    """All valid schedules by programme id, where each came from, and the problems found."""

    schedules: dict[str, Schedule] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    sources: dict[str, Path] = field(default_factory=dict)

    def get(self, programme_id: str) -> Schedule | None:
        return self.schedules.get(programme_id)


def schedules_dir() -> Path:
    """The schedule folder: $SCHEDULES_DIR, else the repository's `schedules/`."""
    return Path(os.environ.get("SCHEDULES_DIR") or Path(bot.__file__).parent.parent / "schedules")


def _problems(doc: YamlDocument, findings: list[Finding]) -> list[Problem]:
    return [doc.problem(loc, message) for loc, message in findings]


def load_schedule_file(
    path: Path,
    *,
    prompt_ids: Collection[str] | None = None,
    checklist_ids: Collection[str] | None = None,
    today: date | None = None,
) -> tuple[Schedule | None, list[Problem]]:
    """One schedule file: the schedule if it is fully valid, and every problem found."""
    try:
        doc = read_yaml(path)
    except YamlFileError as exc:
        return None, list(exc.problems)
    if not isinstance(doc.data, dict):
        return None, [doc.problem((), "expected a programme: id, name, gatherings, …")]
    try:
        schedule = Schedule.model_validate(doc.data)
    except ValidationError as exc:
        return None, explain(doc, exc, (), known_fields(Schedule))
    findings = check_schedule(schedule, prompt_ids=prompt_ids, checklist_ids=checklist_ids, today=today)
    return (None, _problems(doc, findings)) if findings else (schedule, [])


def load_schedules(
    directory: Path | None = None,
    *,
    prompt_ids: Collection[str] | None = None,
    checklist_ids: Collection[str] | None = None,
    today: date | None = None,
) -> ScheduleSet:
    """Every valid programme in the folder's `*.yaml` files (sub-folders such as checklists/ are skipped)."""
    folder = directory or schedules_dir()
    if not folder.is_dir():
        return ScheduleSet(problems=(Problem(folder, None, "folder not found"),))
    schedules: dict[str, Schedule] = {}
    sources: dict[str, Path] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yaml")):
        schedule, found = load_schedule_file(
            path, prompt_ids=prompt_ids, checklist_ids=checklist_ids, today=today
        )
        problems += found
        if schedule is None:
            continue
        if schedule.id in schedules:
            other = sources[schedule.id].name
            problems.append(Problem(path, 1, f"programme id '{schedule.id}' is also used in {other}"))
            continue
        schedules[schedule.id], sources[schedule.id] = schedule, path
    return ScheduleSet(schedules, tuple(problems), sources)


def load_adjustments(
    path: Path, schedule: Schedule, prompt_ids: Collection[str] | None = None
) -> tuple[GroupAdjustments | None, list[Problem]]:
    """A group's adjustments from a YAML or JSON file, checked against its schedule."""
    try:
        doc = read_yaml(path)  # JSON is valid YAML, so one reader serves both
    except YamlFileError as exc:
        return None, list(exc.problems)
    try:
        adjustments = GroupAdjustments.model_validate(doc.data or {})
    except ValidationError as exc:
        return None, explain(doc, exc, (), known_fields(GroupAdjustments))
    findings = check_adjustments(schedule, adjustments, prompt_ids)
    return (None, _problems(doc, findings)) if findings else (adjustments, [])
