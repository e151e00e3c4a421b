"""`samskaping programme owner add|list|remove`: the operator sets a programme's owners; the last one stays."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app

ROOT = Path(__file__).resolve().parents[2]


def test_the_operator_adds_lists_and_cannot_remove_the_last_owner(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/owners.db"
    subprocess.run([sys.executable, "-m", "bot", "chat"], input="/samskaping oppsett Bodø\n/samskaping program demo\n",
                   text=True, capture_output=True, check=True, cwd=tmp_path,
                   env={"DATABASE_URL": url, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}, timeout=120)
    monkeypatch.setenv("DATABASE_URL", url)
    runner = CliRunner()
    added = runner.invoke(app, ["programme", "owner", "add", "demo", "U0OLGA"])
    assert added.exit_code == 0 and "U0OLGA owns" in added.output
    assert runner.invoke(app, ["programme", "owner", "add", "demo", "U0KARI"]).exit_code == 0
    assert runner.invoke(app, ["programme", "owner", "list", "demo"]).output.split() == ["U0OLGA", "U0KARI"]
    assert runner.invoke(app, ["programme", "owner", "remove", "demo", "U0OLGA"]).exit_code == 0
    last = runner.invoke(app, ["programme", "owner", "remove", "demo", "U0KARI"])
    assert last.exit_code == 1 and "minst én eier" in last.output and "Traceback" not in last.output
    unknown = runner.invoke(app, ["programme", "owner", "add", "nope", "U0OLGA"])
    assert unknown.exit_code == 1 and "Kjente programmer: demo" in unknown.output
    assert runner.invoke(app, ["programme", "owner", "list", "demo"]).output.split() == ["U0KARI"]
