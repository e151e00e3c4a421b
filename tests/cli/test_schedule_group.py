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


def test_adjustments_are_validated_then_saved_for_the_group(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/adjust.db"
    subprocess.run([sys.executable, "-m", "bot", "chat"], input=SETUP, text=True, capture_output=True, check=True,
                   cwd=tmp_path, env={"DATABASE_URL": url, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
                   timeout=120)
    monkeypatch.setenv("DATABASE_URL", url)
    bad = tmp_path / "bad.yaml"
    bad.write_text("swap:\n  nysgjerrig-hva-lurer-du-pa: finnes-ikke\n", encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text("shift_days: 7\nquiet_periods:\n  - {start: 2026-12-21, end: 2027-01-01, name: Juleferie}\n",
                    encoding="utf-8")
    runner = CliRunner()
    refused = runner.invoke(app, ["schedule", "adjust", "--group", "Bodø", str(bad)])
    assert refused.exit_code != 0 and "finnes-ikke" in refused.output
    assert runner.invoke(app, ["schedule", "adjust", "--group", "Bodø", str(good)]).exit_code == 0
    shown = runner.invoke(app, ["schedule", "show", "--group", "Bodø"]).output
    assert "Juleferie" in shown and "tirsdag 15. desember 2026 kl. 09:00" in shown  # a week later than planned


def test_notes_are_written_as_docx_and_html_for_a_group(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/notes.db"
    subprocess.run([sys.executable, "-m", "bot", "chat"], input=SETUP, text=True, capture_output=True, check=True,
                   cwd=tmp_path, env={"DATABASE_URL": url, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
                   timeout=120)
    monkeypatch.setenv("DATABASE_URL", url)
    runner = CliRunner()
    word = runner.invoke(app, ["notes", "--group", "bodø", "--out", str(tmp_path / "notat.docx")])
    assert word.exit_code == 0, word.output
    assert (tmp_path / "notat.docx").read_bytes()[:2] == b"PK"  # a zip: the .docx container
    shared = runner.invoke(app, ["notes", "--group", "Bodø", "--shareable", "--lang", "nn",
                                 "--out", str(tmp_path / "notat.html")])
    assert shared.exit_code == 0, shared.output
    assert "Delbart eksemplar" in (tmp_path / "notat.html").read_text(encoding="utf-8")
    unknown = runner.invoke(app, ["notes", "--group", "Tromsø", "--out", str(tmp_path / "x.docx")])
    assert unknown.exit_code == 1 and "Bodø" in unknown.output
    assert runner.invoke(app, ["notes", "--group", "Bodø", "--out", str(tmp_path / "x.pdf")]).exit_code == 2
