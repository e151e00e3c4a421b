"""One HTTP connection pool for every Slack call of a serving process.

slack_sdk's async clients open a new aiohttp session, and so a new TCP and TLS connection, for every call
unless they are given one. Under a burst of commands that is a handshake per users.info, per reply and per
response_url answer. `KeptConnections` opens one session when the web app starts, hands it to every client
(Bolt's per-request clients copy the app client's session) and closes it when the app stops.

Connections idle for KEEPALIVE_SECONDS are closed by us, well before Slack's side drops them, so a reused
connection is rarely found reset; when one is, the call fails as a transport error and the outbox's rules for
an unclear outcome apply, as for any other reset.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

#: seconds an idle connection is kept for the next call (aiohttp's default is 15)
KEEPALIVE_SECONDS = 15.0

Respond = Callable[..., Awaitable[Any]]


class KeptConnections:
    """The process's shared aiohttp session for Slack (None outside a running web app: one session a call)."""

    def __init__(self) -> None:
        self.session: aiohttp.ClientSession | None = None
        self._clients: list[AsyncWebClient] = []

    def share(self, client: AsyncWebClient) -> AsyncWebClient:
        """`client`, using the shared session from now on (and the one opened later, if none is open yet)."""
        self._clients.append(client)
        client.session = self.session
        return client

    async def open(self) -> None:
        """Open the session (in the running event loop) and give it to every client shared so far."""
        if self.session is None:
            self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS))
        for client in self._clients:
            client.session = self.session

    async def close(self) -> None:
        """Close the session; clients go back to a session per call."""
        session, self.session = self.session, None
        for client in self._clients:
            client.session = None
        if session is not None:
            await session.close()

    def responder(self, response_url: str) -> Respond:
        """Answers through an interaction's response_url over the shared session (Bolt's `respond` opens a
        session per answer). Takes the same keywords as Bolt's `respond`."""

        async def respond(**message: Any) -> Any:
            client = AsyncWebhookClient(response_url, session=self.session)
            return await client.send_dict({k: v for k, v in message.items() if v is not None})

        return respond
