"""Slack tokens encrypted at rest with SECRET_KEY (Fernet; a list of keys rotates)."""

from __future__ import annotations

import logging

import pytest
from cryptography.fernet import Fernet
from pydantic import ValidationError
from slack_sdk.oauth.installation_store.models.bot import Bot
from sqlmodel import select

from bot.adapters.slack.installs import DbInstallationStore
from bot.adapters.slack.tokens import InstalledWorkspaces
from bot.bootstrap import Container
from bot.errors import ConfigurationError, DeliveryError, SecretKeyError
from bot.kernel.storage.secrets import PREFIX, TokenCipher, is_sealed, new_key
from bot.kernel.storage.tables_slack import SlackInstallation
from bot.settings import Settings, load_settings

TOKEN = "xoxb-1111-secret-token"  # noqa: S105 - a test value
OLD, NEW = new_key(), new_key()


def test_a_sealed_token_round_trips_and_never_shows_the_token() -> None:
    cipher = TokenCipher(OLD)
    sealed = cipher.seal(TOKEN)
    assert sealed.startswith(PREFIX) and TOKEN not in sealed and is_sealed(sealed)
    assert cipher.open(sealed) == TOKEN
    assert cipher.seal(sealed) == sealed  # sealing twice does not nest


def test_without_a_key_tokens_are_stored_as_they_are() -> None:
    cipher = TokenCipher("")
    assert not cipher.enabled and cipher.seal(TOKEN) == TOKEN and cipher.open(TOKEN) == TOKEN


def test_plaintext_from_before_the_key_still_reads() -> None:
    assert TokenCipher(OLD).open(TOKEN) == TOKEN


def test_the_first_key_encrypts_and_every_key_decrypts() -> None:
    old_sealed = TokenCipher(OLD).seal(TOKEN)
    both = TokenCipher(f"{NEW}, {OLD}")
    assert both.open(old_sealed) == TOKEN
    rotated = both.rotate(old_sealed)
    assert TokenCipher(NEW).open(rotated) == TOKEN
    with pytest.raises(SecretKeyError):
        TokenCipher(OLD).open(rotated)


def test_rotating_a_plaintext_token_encrypts_it() -> None:
    rotated = TokenCipher(NEW).rotate(TOKEN)
    assert is_sealed(rotated) and TokenCipher(NEW).open(rotated) == TOKEN


def test_a_wrong_key_gives_a_clear_error_naming_secret_key_without_the_token() -> None:
    sealed = TokenCipher(OLD).seal(TOKEN)
    with pytest.raises(SecretKeyError) as wrong:
        TokenCipher(NEW).open(sealed)
    with pytest.raises(SecretKeyError) as missing:
        TokenCipher("").open(sealed)
    for error in (wrong.value, missing.value):
        assert "SECRET_KEY" in str(error) and TOKEN not in str(error) and OLD not in str(error)


def test_an_invalid_secret_key_is_one_line_that_never_echoes_the_value() -> None:
    bad = "not-a-fernet-key-but-a-password"
    with pytest.raises(ConfigurationError) as error:
        load_settings(secret_key=f"{OLD},{bad}", _env_file=None)
    assert len(error.value.lines) == 1 and error.value.lines[0].startswith("SECRET_KEY: key 2 of 2 is not a Fernet")
    assert bad not in str(error.value) and OLD not in str(error.value)
    with pytest.raises(ValidationError) as raw:
        Settings(secret_key=bad, _env_file=None)  # type: ignore[call-arg]
    assert bad not in str(raw.value)


def test_a_valid_key_list_is_accepted() -> None:
    assert load_settings(secret_key=f" {NEW} ,{OLD}", _env_file=None).secret_key


# -- the installation store ------------------------------------------------------------------------

def _bot(token: str = TOKEN, team: str = "T9") -> Bot:
    return Bot(app_id="A1", team_id=team, team_name="Bodø", bot_token=token, bot_id="B1", bot_user_id="UB1",
               bot_scopes="chat:write", bot_refresh_token="xoxe-refresh", installed_at=1700000000.0)


async def _stored(app: Container) -> SlackInstallation:
    async with app.ctx.sessions() as session:
        return (await session.exec(select(SlackInstallation))).one()


async def test_the_store_keeps_tokens_encrypted_and_reads_them_back(app: Container) -> None:
    store = DbInstallationStore(app.ctx.sessions, app.ctx.clock, TokenCipher(OLD))
    await store.async_save_bot(_bot())
    row = await _stored(app)
    assert is_sealed(row.bot_token) and is_sealed(row.bot_refresh_token) and TOKEN not in row.bot_token
    found = await store.async_find_bot(enterprise_id=None, team_id="T9")
    assert found is not None and (found.bot_token, found.bot_refresh_token) == (TOKEN, "xoxe-refresh")


async def test_a_plaintext_row_reads_and_is_encrypted_on_the_next_write(app: Container) -> None:
    await DbInstallationStore(app.ctx.sessions, app.ctx.clock).async_save_bot(_bot())
    assert (await _stored(app)).bot_token == TOKEN
    store = DbInstallationStore(app.ctx.sessions, app.ctx.clock, TokenCipher(OLD))
    assert (await InstalledWorkspaces(store).bot("T9")).token == TOKEN
    await store.async_save_bot(_bot())
    assert is_sealed((await _stored(app)).bot_token)


async def test_a_wrong_key_defers_the_send_and_logs_no_token(app: Container, caplog: pytest.LogCaptureFixture
                                                             ) -> None:
    await DbInstallationStore(app.ctx.sessions, app.ctx.clock, TokenCipher(OLD)).async_save_bot(_bot())
    tokens = InstalledWorkspaces(DbInstallationStore(app.ctx.sessions, app.ctx.clock, TokenCipher(NEW)))
    with caplog.at_level(logging.DEBUG), pytest.raises(DeliveryError) as refused:
        await tokens.bot("T9")
    assert refused.value.code == "secret_key" and not refused.value.permanent
    assert "SECRET_KEY" in caplog.text
    assert TOKEN not in caplog.text and OLD not in caplog.text and NEW not in caplog.text


def test_keys_are_fernet_keys() -> None:
    Fernet(new_key().encode())
