"""`samskaping schedule show --group <kommune>`: a group's programme with its own adjustments."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app

ROOT = Path(__file__).resolve().parents[2]
SETUP = """\
/samskaping oppsett Bodø
/samskaping program demo
/samskaping oppgave hopp-over kildejakt-tre-personer
"""


def test_shows_the_groups_calendar_with_its_skipped_prompt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/groups.db"
    subprocess.run([sys.executable, "-m", "bot", "chat"], input=SETUP, text=True, capture_output=True, check=True,
                   cwd=tmp_path, env={"DATABASE_URL": url, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
                   timeout=120)
    monkeypatch.setenv("DATABASE_URL", url)
    runner = CliRunner()
    shown = runner.invoke(app, ["schedule", "show", "--group", "bodø"])
    assert shown.exit_code == 0, shown.output
    assert "(nysgjerrig-hva-lurer-du-pa)" in shown.output
    assert "(kildejakt-tre-personer)" not in shown.output
    assert "Hoppet over: demo:oppstart:kildejakt-tre-personer" in shown.output
    unknown = runner.invoke(app, ["schedule", "show", "--group", "Tromsø"])
    assert unknown.exit_code != 0 and "Bodø" in unknown.output
