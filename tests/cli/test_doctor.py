"""`samskaping doctor` says in plain words what is missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app


def test_doctor_reports_pending_migrations_then_all_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/doctor.db")
    runner = CliRunner()
    before = runner.invoke(app, ["doctor"])
    assert before.exit_code == 1 and "Migrations: pending" in before.output
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    after = runner.invoke(app, ["doctor"])
    assert after.exit_code == 0, after.output
    assert "✓ Migrations: up to date" in after.output and "0 maybe sent" in after.output


def test_doctor_names_a_bad_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "sv")
    result = CliRunner().invoke(app, ["doctor"])
    assert result.exit_code == 1 and "LANGUAGE:" in result.output


def test_the_audit_log_exports_as_csv_and_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/audit.db")
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    csv_out = runner.invoke(app, ["audit"])
    assert csv_out.exit_code == 0 and csv_out.output.startswith("at,workspace_id,group_id")
    json_out = runner.invoke(app, ["audit", "--format", "json"])
    assert json_out.exit_code == 0 and json_out.output.strip() == "[]"


def test_doctor_fails_a_teams_bot_without_tenant_id_unless_it_is_multi_tenant(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/teams.db")
    monkeypatch.setenv("TEAMS_CLIENT_ID", "00000000-0000-0000-0000-000000000001")
    monkeypatch.setenv("TEAMS_CLIENT_SECRET", "secret")
    without = CliRunner().invoke(app, ["doctor"])
    assert "✗ Teams tenant: TEAMS_TENANT_ID is missing" in without.output and without.exit_code != 0
    monkeypatch.setenv("TEAMS_MULTI_TENANT", "true")
    multi = CliRunner().invoke(app, ["doctor"])
    assert "! Teams tenant: TEAMS_MULTI_TENANT=true" in multi.output and "AADSTS700016" in multi.output
    monkeypatch.delenv("TEAMS_MULTI_TENANT")
    monkeypatch.setenv("TEAMS_TENANT_ID", "11111111-1111-1111-1111-111111111111")
    with_tenant = CliRunner().invoke(app, ["doctor"])
    assert "Teams tenant: single-tenant bot in tenant 1111" in with_tenant.output
