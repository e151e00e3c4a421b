"""Settings: sane defaults, and one clear line per bad variable."""

from __future__ import annotations

import pytest

from bot.errors import ConfigurationError
from bot.settings import Settings, load_settings


def test_defaults_are_sqlite_oslo_and_bokmal() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.database_url == "sqlite+aiosqlite:///./samskaping.db"
    assert (settings.timezone, settings.language, settings.reflection_max_chars) == ("Europe/Oslo", "nb", 600)


def test_each_bad_variable_gets_its_own_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMEZONE", "Europe/Bergen")
    monkeypatch.setenv("LANGUAGE", "sv")
    monkeypatch.setenv("DATABASE_URL", "mysql://x")
    monkeypatch.setenv("PORT", "99999")
    with pytest.raises(ConfigurationError) as raised:
        load_settings(_env_file=None)
    lines = raised.value.lines
    assert len(lines) == 4
    assert any(line.startswith("TIMEZONE:") and "Europe/Bergen" in line for line in lines)
    assert any(line.startswith("LANGUAGE:") and "'nb'" in line for line in lines)
    assert any(line.startswith("DATABASE_URL:") and "aiosqlite" in line for line in lines)
    assert any(line.startswith("PORT:") for line in lines)


def test_secrets_are_never_echoed_in_configuration_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://user:hunter2@db/x")
    with pytest.raises(ConfigurationError) as raised:
        load_settings(_env_file=None)
    assert "hunter2" not in str(raised.value)
