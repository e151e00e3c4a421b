"""Expected failures of the command line are one plain line and a documented exit code, never a traceback."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("command", [["audit"], ["db", "upgrade"], ["digest", "-p", "demo"]])
def test_an_unreachable_database_is_one_line_and_exit_code_3(command: list[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"postgresql+asyncpg://postgres@127.0.0.1:{_closed_port()}/nowhere")
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 3, result.output
    assert "The database cannot be reached" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("command", [["audit"], ["digest", "-p", "demo"], ["export", "-p", "demo"]])
def test_read_only_commands_create_no_database_file(command: list[str], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/missing.db")
    monkeypatch.setenv("EXPORT_PSEUDONYM_SALT", "salt")
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 3 and "There is no database at" in result.output
    assert not (tmp_path / "missing.db").exists()


def test_the_version_is_shown() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("samskaping ")
