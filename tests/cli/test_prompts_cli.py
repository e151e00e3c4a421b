"""The `prompts` and `schedule` commands, run on a fresh Typer app."""

import json
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bot.cli.prompts import register

runner = CliRunner()
SCHEDULES = Path(__file__).resolve().parents[2] / "schedules"


@pytest.fixture
def app() -> typer.Typer:
    fresh = typer.Typer()
    register(fresh)
    return fresh


def run(app, *args: str):
    return runner.invoke(app, list(args))


def test_list_json_prints_every_prompt_as_a_json_array(app):
    result = run(app, "prompts", "list", "--json")
    assert result.exit_code == 0
    prompts = json.loads(result.stdout)
    assert len(prompts) >= 30
    assert {"id", "title", "text", "criterion", "track", "effort_minutes", "follow_up"} <= set(prompts[0])


def test_list_can_filter_by_criterion(app):
    prompts = json.loads(run(app, "prompts", "list", "--json", "--criterion", "forankre").stdout)
    assert prompts and {p["criterion"] for p in prompts} == {"forankre"}


def test_list_shows_titles_in_the_chosen_language(app):
    result = run(app, "prompts", "list", "--lang", "nn")
    assert result.exit_code == 0 and "Kven manglar rundt bordet?" in result.stdout


def test_show_prints_all_three_languages(app):
    result = run(app, "prompts", "show", "inviter-hvem-mangler")
    assert result.exit_code == 0
    assert "Hvem burde vært med" in result.stdout and "Kven burde vore med" in result.stdout
    assert "Who should be in the group" in result.stdout


def test_show_unknown_prompt_suggests_and_fails(app):
    result = run(app, "prompts", "show", "inviter-hvem-mangle")
    assert result.exit_code == 1
    assert "did you mean 'inviter-hvem-mangler'" in result.output


def test_validate_passes_on_the_shipped_library(app):
    result = run(app, "prompts", "validate")
    assert result.exit_code == 0 and result.stdout.startswith("OK:")


def test_validate_prints_file_line_and_reason_without_a_traceback(app, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("prompts:\n  - id: x\n    criterion: modig\n", encoding="utf-8")
    result = run(app, "prompts", "validate", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:3: prompts[0].criterion: 'modig' is not an allowed value" in result.stdout
    assert "Traceback" not in result.output


def test_schedule_validate_passes_on_the_shipped_schedules(app):
    result = run(app, "schedule", "validate", "--today", "2026-11-24")
    assert result.exit_code == 0, result.output
    assert "2 programme(s)" in result.stdout


def test_schedule_validate_reports_past_dates(app):
    result = run(app, "schedule", "validate", "--today", "2027-02-01")
    assert result.exit_code == 1
    assert "kulturskolen-utviklingsaktor.yaml:" in result.stdout and "in the past" in result.stdout


def test_schedule_validate_can_allow_past_dates(app):
    assert run(app, "schedule", "validate", "--allow-past").exit_code == 0


def test_schedule_validate_reports_an_unknown_prompt_with_its_line(app, tmp_path):
    source = (SCHEDULES / "demo.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "demo.yaml"
    bad.write_text(source.replace("prompt: kildejakt-tre-personer", "prompt: kildejakt-tre-persone"), "utf-8")
    result = run(app, "schedule", "validate", str(bad), "--allow-past")
    assert result.exit_code == 1
    line = source.splitlines().index("      - prompt: kildejakt-tre-personer") + 1
    assert f"{bad}:{line}:" in result.stdout and "did you mean 'kildejakt-tre-personer'" in result.stdout


def test_schedule_show_prints_norwegian_dates_and_why_slots_moved(app):
    result = run(app, "schedule", "show", "demo")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "mandag 7. desember 2026" in out
    assert "flyttet fra lørdag 12. desember 2026 (helg)" in out
    assert "flyttet fra fredag 25. desember 2026 (Første juledag)" in out
    assert "Påminnelser:" in out and "Forankringsmøte med ledelsen" in out


def test_schedule_show_in_nynorsk_and_english(app):
    assert "flytta frå laurdag" in run(app, "schedule", "show", "demo", "--lang", "nn").stdout
    assert "moved from Saturday" in run(app, "schedule", "show", "demo", "--lang", "en").stdout


def test_schedule_show_applies_adjustments(app, tmp_path):
    adjustments = tmp_path / "adj.yaml"
    adjustments.write_text(
        "skip: [nysgjerrig-hva-lurer-du-pa]\nswap:\n  kildejakt-tre-personer: inviter-hvem-mangler\n"
    )
    out = run(app, "schedule", "show", "demo", "--adjustments", str(adjustments)).stdout
    assert "Hoppet over: demo:oppstart:nysgjerrig-hva-lurer-du-pa" in out
    assert "«Hvem mangler rundt bordet?»" in out and "byttet ut kildejakt-tre-personer" in out


def test_schedule_show_rejects_bad_adjustments_with_file_and_line(app, tmp_path):
    adjustments = tmp_path / "adj.yaml"
    adjustments.write_text("shift_days: 1\ngatherings:\n  samling-9: {days: 2}\n")
    result = run(app, "schedule", "show", "demo", "--adjustments", str(adjustments))
    assert result.exit_code == 1 and f"{adjustments}:3:" in result.stdout


def test_schedule_show_accepts_a_file_path(app):
    result = run(app, "schedule", "show", str(SCHEDULES / "kulturskolen-utviklingsaktor.yaml"))
    assert result.exit_code == 0 and "Skjærtorsdag" in result.stdout and "Vinterferie" in result.stdout


def test_schedule_show_unknown_programme_lists_the_known_ones(app):
    result = run(app, "schedule", "show", "finnes-ikke")
    assert result.exit_code == 1 and "demo" in result.stdout


def test_schedule_validate_warns_about_a_deadline_on_a_public_holiday(app, tmp_path):
    source = (SCHEDULES / "demo.yaml").read_text(encoding="utf-8")
    shutil.copytree(SCHEDULES / "checklists", tmp_path / "checklists")
    christmas = tmp_path / "demo.yaml"
    christmas.write_text(source.replace('due: {after: post, days: 7, at: "12:00"}',
                                        'due: {after: post, days: 17, at: "12:00"}', 1), encoding="utf-8")
    result = run(app, "schedule", "validate", str(christmas), "--today", "2026-11-24")
    assert result.exit_code == 0, result.output  # a warning, not an error: the coordinator decides
    assert "is due 2026-12-25 12:00, on the public holiday Første juledag" in result.output
