"""`samskaping secrets new-key | rotate` and the doctor's word on SECRET_KEY."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import pytest
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store.models.bot import Bot
from sqlmodel import select
from typer.testing import CliRunner

from bot.adapters.slack.installs import DbInstallationStore
from bot.bootstrap import Container, build
from bot.cli import app as cli
from bot.kernel.storage.secrets import TokenCipher, is_sealed, new_key
from bot.kernel.storage.tables_slack import SlackInstallation
from bot.settings import Settings
from tests.kernel.storage.test_secrets import TOKEN, _bot

T = TypeVar("T")


def test_new_key_prints_a_fernet_key() -> None:
    result = CliRunner().invoke(cli, ["secrets", "new-key"])
    assert result.exit_code == 0
    Fernet(result.output.strip().encode())


def _tokens(settings: Settings) -> list[str]:
    async def read(app: Container) -> list[str]:
        async with app.ctx.sessions() as session:
            rows = (await session.exec(select(SlackInstallation).order_by(SlackInstallation.team_id))).all()
            return [row.bot_token for row in rows]
    return _with_app(settings, read)


def _save(settings: Settings, bot: Bot, cipher: TokenCipher) -> None:
    async def save(app: Container) -> None:
        await DbInstallationStore(app.ctx.sessions, app.ctx.clock, cipher).async_save_bot(bot)
    _with_app(settings, save)


def _with_app(settings: Settings, work: Callable[[Container], Awaitable[T]]) -> T:
    """The CLI runs its own event loop, so these tests are sync and reach the database the same way."""
    async def go() -> T:
        app = build(settings)
        try:
            return await work(app)
        finally:
            await app.close()
    return asyncio.run(go())


def test_rotate_re_encrypts_every_token_with_the_first_key(settings: Settings, monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    old, new = new_key(), new_key()
    _save(settings, _bot(team="T1"), TokenCipher())
    _save(settings, _bot(team="T2"), TokenCipher(old))
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SECRET_KEY", f"{new},{old}")
    result = CliRunner().invoke(cli, ["secrets", "rotate"])
    assert result.exit_code == 0, result.output
    assert "Re-encrypted 4 token(s) in 2 Slack installation(s)" in result.output
    stored = _tokens(settings)
    assert all(is_sealed(value) for value in stored)
    assert [TokenCipher(new).open(value) for value in stored] == [TOKEN, TOKEN]
    assert TOKEN not in result.output


def test_rotate_with_a_missing_old_key_changes_nothing(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    _save(settings, _bot(team="T1"), TokenCipher())
    _save(settings, _bot(team="T2"), TokenCipher(new_key()))
    before = _tokens(settings)
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SECRET_KEY", new_key())
    result = CliRunner().invoke(cli, ["secrets", "rotate"])
    assert result.exit_code == 1 and "Nothing was changed" in result.output and "SECRET_KEY" in result.output
    assert _tokens(settings) == before


def test_rotate_without_a_key_says_how_to_make_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    result = CliRunner().invoke(cli, ["secrets", "rotate"])
    assert result.exit_code == 2 and "samskaping secrets new-key" in result.output


def test_doctor_warns_in_plain_words_without_a_secret_key(tmp_path: object, monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/doctor.db")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    without = runner.invoke(cli, ["doctor"])
    assert without.exit_code == 0, without.output
    assert "! Token encryption: SECRET_KEY is not set, so Slack tokens are stored unencrypted" in without.output
    key = new_key()
    monkeypatch.setenv("SECRET_KEY", key)
    with_key = runner.invoke(cli, ["doctor"])
    assert "✓ Token encryption: Slack tokens are encrypted" in with_key.output and key not in with_key.output
