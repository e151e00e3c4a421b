"""Anchoring checklist templates for milestones: items grouped sideways, upwards and downwards.

Templates live in `schedules/checklists/*.yaml` under `checklists:` (see `schedules/README.md`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from bot.kernel.content.yaml_source import Problem, load_list_file
from bot.kernel.programme.prompts import Text
from bot.kernel.programme.schedule import Slug

DIRECTIONS: tuple[str, ...] = ("sideveis", "oppover", "nedover")
Direction = Literal["sideveis", "oppover", "nedover"]


class ChecklistItem(BaseModel):
    """One thing to tick off, with a stable id so ticks survive edits to the wording."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Slug
    text: Text


class ChecklistTemplate(BaseModel):
    """A milestone checklist: anchoring sideways (services), upwards (leaders) and downwards (staff)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Slug
    title: Text
    description: Text | None = None
    sideveis: tuple[ChecklistItem, ...] = ()
    oppover: tuple[ChecklistItem, ...] = ()
    nedover: tuple[ChecklistItem, ...] = ()

    @model_validator(mode="after")
    def _items_are_unique(self) -> ChecklistTemplate:
        ids = [item.id for item in self.items()]
        if not ids:
            raise ValueError("a checklist needs at least one item under sideveis, oppover or nedover")
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"item id used twice: {', '.join(duplicates)}")
        return self

    def items(self) -> tuple[ChecklistItem, ...]:
        return self.sideveis + self.oppover + self.nedover

    def by_direction(self) -> dict[str, tuple[ChecklistItem, ...]]:
        return {"sideveis": self.sideveis, "oppover": self.oppover, "nedover": self.nedover}


@dataclass(frozen=True)
class ChecklistSet:
    """All valid templates by id, plus the problems found while loading."""

    templates: dict[str, ChecklistTemplate] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    def ids(self) -> frozenset[str]:
        return frozenset(self.templates)


def checklists_dir(schedules: Path) -> Path:
    """Checklist templates sit next to the schedules they serve."""
    return schedules / "checklists"


def load_checklists(directory: Path) -> ChecklistSet:
    """Load every `*.yaml` in the folder (a missing folder simply means no templates)."""
    templates: dict[str, ChecklistTemplate] = {}
    problems: list[Problem] = []
    for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else []:
        loaded, file_problems = load_list_file(path, "checklists", ChecklistTemplate)
        problems += file_problems
        for template in loaded:
            if template.id in templates:
                problems.append(Problem(path, None, f"checklist id '{template.id}' is used twice"))
                continue
            templates[template.id] = template
    return ChecklistSet(templates, tuple(problems))
