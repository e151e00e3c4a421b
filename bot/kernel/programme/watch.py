"""Reload prompts and schedules when their files change; on any problem keep the last valid version."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.kernel.content.yaml_source import Problem
from bot.kernel.programme.prompts import PromptLibrary, load_prompts
from bot.kernel.programme.schedules import ScheduleSet, load_schedules

log = logging.getLogger(__name__)

Fingerprint = tuple[tuple[str, int], ...]


def fingerprint(*folders: Path) -> Fingerprint:
    """Every YAML file under the folders with its modification time."""
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for folder in folders if folder.is_dir()
                        for p in folder.rglob("*.yaml")))


def load_content(prompts_dir: Path, schedules_dir: Path) -> tuple[PromptLibrary, ScheduleSet, list[Problem]]:
    prompts = load_prompts(prompts_dir)
    schedules = load_schedules(schedules_dir, prompt_ids=prompts.ids())
    return prompts, schedules, [*prompts.problems, *schedules.problems]


@dataclass
class ContentWatcher:
    """Checks the content folders on each tick and hands valid new content to `apply`."""

    prompts_dir: Path
    schedules_dir: Path
    apply: Callable[[PromptLibrary, ScheduleSet], None]
    stamp: Fingerprint = field(default=())

    def __post_init__(self) -> None:
        self.stamp = fingerprint(self.prompts_dir, self.schedules_dir)

    def refresh(self) -> list[Problem]:
        """Reload if anything changed; returns the problems found (the old content then stays)."""
        stamp = fingerprint(self.prompts_dir, self.schedules_dir)
        if stamp == self.stamp:
            return []
        self.stamp = stamp
        prompts, schedules, problems = load_content(self.prompts_dir, self.schedules_dir)
        if problems:
            for problem in problems:
                log.warning("content not reloaded, keeping the last valid version: %s", problem)
            return problems
        self.apply(prompts, schedules)
        log.info("content reloaded: %d prompts, %d programmes", len(prompts.prompts), len(schedules.schedules))
        return []
