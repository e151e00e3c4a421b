"""Edited content is picked up while running; a broken edit keeps the last valid version."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from bot.kernel.programme.watch import ContentWatcher, load_content

ROOT = Path(__file__).resolve().parents[3]


def _copy(tmp_path: Path) -> tuple[Path, Path]:
    prompts, schedules = tmp_path / "prompts", tmp_path / "schedules"
    shutil.copytree(ROOT / "prompts", prompts)
    shutil.copytree(ROOT / "schedules", schedules)
    return prompts, schedules


def _touch_edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    time.sleep(0.01)


def test_a_valid_edit_is_picked_up_and_a_broken_one_keeps_the_last_valid_version(tmp_path: Path) -> None:
    prompts_dir, schedules_dir = _copy(tmp_path)
    library, schedules, problems = load_content(prompts_dir, schedules_dir)
    assert problems == []
    applied: list[int] = []
    watcher = ContentWatcher(prompts_dir, schedules_dir, lambda p, s: applied.append(len(p.prompts)))
    assert watcher.refresh() == [] and applied == []  # nothing changed
    target = sorted(prompts_dir.glob("*.yaml"))[0]
    _touch_edit(target, "effort_minutes:", "effort_minutes_typo:")
    problems = watcher.refresh()
    assert problems and str(target.name) in str(problems[0]) and applied == []
    _touch_edit(target, "effort_minutes_typo:", "effort_minutes:")
    assert watcher.refresh() == [] and applied == [len(library.prompts)]
