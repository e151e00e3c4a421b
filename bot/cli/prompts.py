"""CLI for content: `samskaping prompts list|show|validate` and `samskaping schedule validate|show`."""

from __future__ import annotations

import difflib
import json
from collections.abc import Collection, Iterable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import NoReturn, TypedDict
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.table import Table

from bot.bootstrap import texts
from bot.cli.group_lookup import group_programme, store_adjustments
from bot.cli.schedule_view import CalendarView
from bot.clock import SystemClock
from bot.errors import AdjustmentError
from bot.features.milestones.templates import checklists_dir, load_checklists
from bot.kernel.content.yaml_source import Problem
from bot.kernel.programme.deadlines import describe, flagged_deadlines
from bot.kernel.programme.expand import Calendar, GroupAdjustments, expand
from bot.kernel.programme.prompts import PromptLibrary, load_prompt_file, load_prompts, prompts_dir
from bot.kernel.programme.schedule import Schedule
from bot.kernel.programme.schedules import load_adjustments, load_schedule_file, load_schedules, schedules_dir
from bot.kernel.rules.calendar import DEFAULT_TZ


class Lang(StrEnum):
    """Interface languages."""

    nb = "nb"
    nn = "nn"
    en = "en"


LANG_OPTION = typer.Option(None, "--lang", help="Language: nb (bokmål), nn (nynorsk) or en.")


class _Checks(TypedDict, total=False):
    """What a schedule is checked against (keyword arguments of load_schedule_file and load_schedules)."""

    prompt_ids: Collection[str]
    checklist_ids: Collection[str]
    today: date | None


def register(app: typer.Typer) -> None:
    """Add the `prompts` and `schedule` command groups to the main CLI."""
    prompts_app = typer.Typer(help="The prompt library for between-meeting work.", no_args_is_help=True)
    prompts_app.command("list")(list_prompts)
    prompts_app.command("show")(show_prompt)
    prompts_app.command("validate")(validate_prompts)
    schedule_app = typer.Typer(help="Programme schedules and their calendars.", no_args_is_help=True)
    schedule_app.command("validate")(validate_schedules)
    schedule_app.command("show")(show_schedule)
    schedule_app.command("adjust")(adjust_schedule)
    app.add_typer(prompts_app, name="prompts")
    app.add_typer(schedule_app, name="schedule")


def _fail(problems: Iterable[Problem | str]) -> NoReturn:
    """Print each problem as `file:line: reason` and stop with exit code 1 (never a traceback)."""
    for problem in problems:
        typer.echo(str(problem))
    raise typer.Exit(1)


def _warn(problems: Iterable[Problem]) -> None:
    for problem in problems:
        typer.echo(f"warning: {problem}", err=True)


def _warn_deadlines(source: Path, calendar: Calendar) -> None:
    """Deadlines on a public holiday or in a quiet period: allowed, but said out loud."""
    for flag in flagged_deadlines(calendar):
        typer.echo(f"warning: {source}: {describe(flag)}", err=True)


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def list_prompts(
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array of the prompts, for scripts."),
    lang: Lang | None = LANG_OPTION,
    criterion: str | None = typer.Option(None, help="Only this success criterion."),
    track: str | None = typer.Option(None, help="Only this track (tiltak, organisasjon, begge)."),
) -> None:
    """List the prompts in the library."""
    library = load_prompts()
    _warn(library.problems)
    chosen = [
        p for p in library.prompts.values()
        if (criterion is None or p.criterion == criterion) and (track is None or p.track == track)
    ]
    if as_json:
        typer.echo(json.dumps([p.for_json() for p in chosen], ensure_ascii=False, indent=2))
        return
    language = (lang or Lang.nb).value
    table = Table("id", "criterion", "track", "min", "title")
    for p in chosen:
        table.add_row(p.id, p.criterion, p.track, str(p.effort_minutes), p.title.get(language))
    Console(width=max(Console().width, 130)).print(table)  # ids are long; do not squeeze them at 80


def show_prompt(prompt_id: str, lang: Lang | None = LANG_OPTION) -> None:
    """Show one prompt in full (all three languages unless --lang is given)."""
    library = load_prompts()
    prompt = library.get(prompt_id)
    if prompt is None:
        hint = difflib.get_close_matches(prompt_id, list(library.prompts), n=1)
        _fail([f"no prompt '{prompt_id}'" + (f" (did you mean '{hint[0]}'?)" if hint else "")])
        return
    languages = [lang.value] if lang else ["nb", "nn", "en"]
    console = _console()
    console.print(f"[bold]{prompt.title.get(languages[0])}[/bold] ({prompt.id})")
    console.print(f"criterion: {prompt.criterion} · track: {prompt.track} · minutes: {prompt.effort_minutes}")
    for code in languages:
        console.print(f"{code}: {prompt.text.get(code)}")
    for question in prompt.follow_up:
        console.print("follow_up: " + " / ".join(question.get(code) for code in languages))


def validate_prompts(path: Path | None = typer.Argument(None, help="A prompt file or folder.")) -> None:
    """Check prompt files; print file:line: reason for each problem."""
    target = path or prompts_dir()
    if target.is_file():
        prompts, problems = load_prompt_file(target)
        count = len(prompts)
    else:
        library = load_prompts(target)
        problems, count = list(library.problems), len(library.prompts)
    if problems:
        _fail(problems)
    typer.echo(f"OK: {count} prompts in {target}")


def _today(today: str | None) -> date:
    """The given date, or today's date in Norway from the system clock."""
    if today:
        try:
            return date.fromisoformat(today)
        except ValueError:
            _fail([f"--today {today!r} is not a date; write it as YYYY-MM-DD"])
    return SystemClock().now().astimezone(ZoneInfo(DEFAULT_TZ)).date()


def validate_schedules(
    path: Path | None = typer.Argument(None, help="A schedule file or folder."),
    today: str | None = typer.Option(None, help="Report gatherings before this date (default: today)."),
    allow_past: bool = typer.Option(False, "--allow-past", help="Do not report dates in the past."),
) -> None:
    """Check schedules against the prompt library and checklists; print file:line: reason."""
    target = path or schedules_dir()
    folder = target.parent if target.is_file() else target
    checklists = load_checklists(checklists_dir(folder))
    check: _Checks = {
        "prompt_ids": load_prompts().ids(),
        "checklist_ids": checklists.ids(),
        "today": None if allow_past else _today(today),
    }
    if target.is_file():
        schedule, problems = load_schedule_file(target, **check)
        valid = {target: schedule} if schedule is not None else {}
    else:
        loaded = load_schedules(target, **check)
        problems = list(loaded.problems)
        valid = {loaded.sources[i]: s for i, s in loaded.schedules.items()}
    count = len(valid)
    problems = list(checklists.problems) + problems
    if problems:
        _fail(problems)
    for source, valid_schedule in valid.items():
        _warn_deadlines(source, expand(valid_schedule))
    typer.echo(f"OK: {count} programme(s), {len(checklists.templates)} checklist template(s) in {target}")


def _find_schedule(ref: str, library: PromptLibrary) -> Schedule:
    """A programme by file path or by id in the schedules folder."""
    as_path = Path(ref)
    folder = as_path.parent if as_path.is_file() else schedules_dir()
    check: _Checks = {"prompt_ids": library.ids(), "checklist_ids": load_checklists(checklists_dir(folder)).ids()}
    if as_path.is_file():
        schedule, problems = load_schedule_file(as_path, **check)
        if schedule is None:
            _fail(problems)
        return schedule
    loaded = load_schedules(folder, **check)
    schedule = loaded.get(ref)
    if schedule is None:
        broken = [p for p in loaded.problems if p.file.stem == ref]
        known = ", ".join(sorted(loaded.schedules)) or "none"
        _fail(broken or [f"no programme '{ref}' (known: {known})"])
    return schedule


def show_schedule(
    programme: str | None = typer.Argument(None, help="A programme id (from schedules/) or a schedule file."),
    adjustments_file: Path | None = typer.Option(None, "--adjustments", help="Adjustments file (YAML/JSON)."),
    group: str | None = typer.Option(None, "--group", help="A group (municipality) in DATABASE_URL: its "
                                     "programme with its local adjustments."),
    lang: Lang | None = LANG_OPTION,
) -> None:
    """Print the dated calendar: gatherings, posts, dues, reminders, moved items with the reason."""
    library = load_prompts()
    adjustments = GroupAdjustments()
    if group is not None:
        programme, adjustments, known = group_programme(group)
        if programme is None:
            _fail([f"no group '{group}' with a programme in the database (groups: {', '.join(known) or 'none'})"])
    if programme is None:
        _fail(["name a programme id or a schedule file, or use --group <municipality>"])
    schedule = _find_schedule(programme, library)
    if adjustments_file is not None:
        loaded, problems = load_adjustments(adjustments_file, schedule, library.ids())
        if loaded is None:
            _fail(problems)
        adjustments = loaded or adjustments
    try:
        calendar = expand(schedule, adjustments)
    except AdjustmentError as exc:
        _fail([f"{adjustments_file}: {exc}"])
        return
    view = CalendarView(texts(), (lang or Lang.nb).value, library)
    console = _console()
    for line in view.lines(calendar):
        console.print(line)


def adjust_schedule(
    group: str = typer.Option(..., "--group", help="The group (municipality) in DATABASE_URL."),
    adjustments_file: Path = typer.Argument(..., help="Adjustments (YAML/JSON): shift_days, gatherings, skip, "
                                            "swap, reminders, quiet_periods, working_hours."),
) -> None:
    """Validate a group's local adjustments against its programme and save them; they apply at once."""
    library = load_prompts()
    programme, _, known = group_programme(group)
    if programme is None:
        _fail([f"no group '{group}' with a programme in the database (groups: {', '.join(known) or 'none'})"])
    schedule = _find_schedule(programme, library)
    adjustments, problems = load_adjustments(adjustments_file, schedule, library.ids())
    if adjustments is None:
        _fail(problems)
    try:
        expand(schedule, adjustments)
    except AdjustmentError as exc:
        _fail([f"{adjustments_file}: {exc}"])
    _warn_deadlines(adjustments_file, expand(schedule, adjustments))
    store_adjustments(group, adjustments)
    typer.echo(f"Saved. See the result with: samskaping schedule show --group {group}")
