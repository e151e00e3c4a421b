"""OAuth installations in our own database, so every replica shares them (bot tokens only), and OAuth
states signed with the client secret, so any replica can check them without storing anything."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from sqlalchemy import delete
from sqlmodel import col, select

from bot.clock import Clock
from bot.kernel.storage import queries
from bot.kernel.storage.engine import SessionFactory
from bot.kernel.storage.secrets import TokenCipher
from bot.kernel.storage.tables import id_of
from bot.kernel.storage.tables_slack import SlackInstallation

log = logging.getLogger(__name__)


class DbInstallationStore(AsyncInstallationStore):
    """Bolt's installation store over the `slack_installation` table; tokens sealed with SECRET_KEY when set."""

    def __init__(self, sessions: SessionFactory, clock: Clock, cipher: TokenCipher | None = None) -> None:
        self.sessions = sessions
        self.clock = clock
        self.cipher = cipher or TokenCipher()

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_save(self, installation: Installation) -> None:
        await self.async_save_bot(installation.to_bot())

    async def async_save_bot(self, bot: Bot) -> None:
        """Insert or replace the installation of the bot's workspace (reinstalls bring new tokens)."""
        enterprise, team = bot.enterprise_id or "", "" if bot.is_enterprise_install else bot.team_id or ""
        async with self.sessions() as session:
            found = await session.exec(select(SlackInstallation).where(
                SlackInstallation.enterprise_id == enterprise, SlackInstallation.team_id == team))
            workspace = await queries.workspace_for(session, "slack", team or enterprise, now=self.clock.now())
            workspace.active, workspace.name = True, (bot.team_name or workspace.name)[:200]
            session.add(workspace)
            row = found.first() or SlackInstallation(workspace_id=id_of(workspace), enterprise_id=enterprise,
                                                     team_id=team, bot_token="", installed_at=self.clock.now())
            row.team_name, row.app_id = bot.team_name or "", bot.app_id or ""
            row.bot_token, row.bot_id, row.bot_user_id = self.cipher.seal(bot.bot_token), bot.bot_id, bot.bot_user_id
            row.bot_scopes = ",".join(bot.bot_scopes)
            row.bot_refresh_token = self.cipher.seal_optional(bot.bot_refresh_token)
            row.bot_token_expires_at = bot.bot_token_expires_at
            row.is_enterprise_install = bool(bot.is_enterprise_install)
            row.installed_at = self.clock.now()
            session.add(row)
            await session.commit()
        log.info("slack installation saved for team %s", team or enterprise)

    async def _row(self, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None
                   ) -> SlackInstallation | None:
        team = "" if is_enterprise_install else team_id or ""
        async with self.sessions() as session:
            statement = select(SlackInstallation).where(SlackInstallation.team_id == team)
            if is_enterprise_install or not team:
                statement = statement.where(SlackInstallation.enterprise_id == (enterprise_id or ""))
            return (await session.exec(statement)).first()

    async def async_find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                             is_enterprise_install: bool | None = False) -> Bot | None:
        row = await self._row(enterprise_id, team_id, is_enterprise_install)
        if row is None:
            return None
        return Bot(app_id=row.app_id or None, enterprise_id=row.enterprise_id or None, team_id=row.team_id or None,
                   team_name=row.team_name or None, bot_token=self.cipher.open(row.bot_token), bot_id=row.bot_id,
                   bot_user_id=row.bot_user_id, bot_scopes=row.bot_scopes,
                   bot_refresh_token=self.cipher.open_optional(row.bot_refresh_token),
                   bot_token_expires_at=row.bot_token_expires_at, is_enterprise_install=row.is_enterprise_install,
                   installed_at=row.installed_at)

    async def async_find_installation(self, *, enterprise_id: str | None, team_id: str | None,
                                      user_id: str | None = None, is_enterprise_install: bool | None = False
                                      ) -> Installation | None:
        bot = await self.async_find_bot(enterprise_id=enterprise_id, team_id=team_id,
                                        is_enterprise_install=is_enterprise_install)
        if bot is None:
            return None
        return Installation(app_id=bot.app_id, enterprise_id=bot.enterprise_id, team_id=bot.team_id,
                            team_name=bot.team_name, bot_token=bot.bot_token, bot_id=bot.bot_id,
                            bot_user_id=bot.bot_user_id, bot_scopes=bot.bot_scopes, user_id="",
                            is_enterprise_install=bot.is_enterprise_install, installed_at=bot.installed_at)

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """Purge the tokens of a workspace (app_uninstalled, tokens_revoked)."""
        async with self.sessions() as session:
            statement = delete(SlackInstallation).where(col(SlackInstallation.team_id) == (team_id or ""))
            if not team_id:
                statement = statement.where(col(SlackInstallation.enterprise_id) == (enterprise_id or ""))
            await session.exec(statement)
            await session.commit()
        log.info("slack installation deleted for team %s", team_id or enterprise_id)

    async def async_delete_installation(self, *, enterprise_id: str | None, team_id: str | None,
                                        user_id: str | None = None) -> None:
        if user_id is None:  # we keep no user tokens; only a workspace-wide delete removes the bot
            await self.async_delete_bot(enterprise_id=enterprise_id, team_id=team_id)


class SignedStateStore(AsyncOAuthStateStore):
    """OAuth `state` values that carry their own expiry and an HMAC, valid on every replica for `expiration` s.

    Bolt also binds the state to the installing browser with a cookie, and Slack's codes are single-use.
    """

    def __init__(self, secret: str, clock: Clock, expiration: int = 600) -> None:
        self._key = hashlib.sha256(b"samskaping-oauth-state:" + secret.encode()).digest()
        self._clock = clock
        self._expiration = expiration

    @property
    def logger(self) -> logging.Logger:
        return log

    def _sign(self, body: str) -> str:
        return hmac.new(self._key, body.encode(), hashlib.sha256).hexdigest()[:32]

    async def async_issue(self, *args: object, **kwargs: object) -> str:
        body = f"{secrets.token_urlsafe(16)}.{int(self._clock.now().timestamp()) + self._expiration}"
        return f"{body}.{self._sign(body)}"

    async def async_consume(self, state: str) -> bool:
        """True for a state we issued that has not expired."""
        body, _, signature = state.rpartition(".")
        expires = body.rpartition(".")[2]
        if not expires.isdigit() or not hmac.compare_digest(self._sign(body), signature):
            return False
        return int(expires) >= self._clock.now().timestamp()
