"""Which bot token speaks for a workspace: the one configured token, or the workspace's installation."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.installs import DbInstallationStore
from bot.errors import DeliveryError, SecretKeyError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BotAuth:
    """A bot token and who the bot is in that workspace (to recognise its own messages)."""

    token: str
    bot_user_id: str = ""
    bot_id: str = ""


class TokenSource(Protocol):
    """Looks up the bot of a workspace; raises DeliveryError(token_revoked) when there is none."""

    async def bot(self, team_id: str) -> BotAuth: ...


class SingleWorkspace:
    """SLACK_BOT_TOKEN: one workspace; who the bot is comes from auth.test, asked once."""

    def __init__(self, token: str, api_url: str) -> None:
        self._token = token
        self._api_url = api_url
        self._auth: BotAuth | None = None

    async def bot(self, team_id: str) -> BotAuth:
        if self._auth is None:
            client = AsyncWebClient(token=self._token, base_url=self._api_url, retry_handlers=[])
            try:
                found = await client.auth_test()
            except SlackApiError as exc:
                raise DeliveryError(str(exc.response.get("error", "auth_failed")), permanent=True) from None
            self._auth = BotAuth(self._token, str(found.get("user_id") or ""), str(found.get("bot_id") or ""))
        return self._auth


class InstalledWorkspaces:
    """OAuth: each workspace's bot token from our installation table."""

    def __init__(self, store: DbInstallationStore) -> None:
        self._store = store

    async def bot(self, team_id: str) -> BotAuth:
        try:
            found = await self._store.async_find_bot(enterprise_id=None, team_id=team_id)
        except SecretKeyError as exc:  # an operator's fix (the key), not a send to give up on: retried later
            log.error("slack token of workspace %s unreadable: %s", team_id, exc)
            raise DeliveryError("secret_key") from None
        if found is None:
            raise DeliveryError("token_revoked", permanent=True)
        return BotAuth(found.bot_token, found.bot_user_id, found.bot_id)
