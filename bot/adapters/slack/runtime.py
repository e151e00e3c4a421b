"""Build the Slack side of the bot from settings: the Bolt app, the chat port and the listeners."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.chat import Limits, SlackChat
from bot.adapters.slack.connections import KeptConnections
from bot.adapters.slack.installs import DbInstallationStore, SignedStateStore
from bot.adapters.slack.listeners import Listeners
from bot.adapters.slack.once import EventLedger
from bot.adapters.slack.pacing import Pacer
from bot.adapters.slack.profiles import Profiles
from bot.adapters.slack.replies import Replier
from bot.adapters.slack.tokens import InstalledWorkspaces, SingleWorkspace, TokenSource
from bot.bootstrap import Container
from bot.kernel.storage.secrets import TokenCipher
from bot.settings import Settings

log = logging.getLogger(__name__)

Mode = Literal["single", "oauth"]

#: Exactly the bot scopes manifest.yaml asks for (a test keeps the two in step).
BOT_SCOPES = (
    "channels:history", "channels:read", "chat:write", "commands", "groups:history",
    "groups:read", "im:history", "im:write", "mpim:history", "mpim:write", "users:read",
)
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
EVENTS_PATH = "/slack/events"


def slack_mode(settings: Settings) -> Mode | None:
    """OAuth with a client id, one workspace with a bot token, or no Slack at all."""
    if settings.slack_client_id:
        return "oauth"
    if settings.slack_bot_token:
        return "single"
    return None


@dataclass
class SlackRuntime:
    """Everything the Slack adapter is made of, once per process."""

    mode: Mode
    bolt: AsyncApp
    chat: SlackChat
    listeners: Listeners
    store: DbInstallationStore | None
    connections: KeptConnections
    socket_mode: Any = None


def build_slack(app: Container, settings: Settings) -> SlackRuntime:
    """Wire Bolt, the port and the listeners; nothing connects until the first request or send."""
    mode = slack_mode(settings)
    if mode is None:
        raise ValueError("Slack is not configured (set SLACK_BOT_TOKEN or SLACK_CLIENT_ID)")
    ctx = app.ctx
    cipher = TokenCipher(settings.secret_key)
    store = DbInstallationStore(ctx.sessions, ctx.clock, cipher) if mode == "oauth" else None
    tokens: TokenSource = (InstalledWorkspaces(store) if store is not None
                           else SingleWorkspace(settings.slack_bot_token, settings.slack_api_url))
    close_label = ctx.t(settings.language, "slack.close")
    limits = Limits(settings.slack_channel_interval_seconds, settings.slack_post_per_minute,
                    settings.slack_open_per_minute, settings.slack_tier4_per_minute)
    connections = KeptConnections()
    chat = SlackChat(tokens=tokens, sessions=ctx.sessions, clock=ctx.clock, api_url=settings.slack_api_url,
                     pacer=Pacer(settings.slack_max_wait_seconds), limits=limits, close_label=close_label,
                     connections=connections)
    ledger = EventLedger(ctx.sessions, ctx.clock, timedelta(hours=settings.slack_event_retention_hours))
    listeners = Listeners(app, Replier(chat, close_label), ledger, store, close_label,
                          ctx.t(settings.language, "slack.done_title"), Profiles(chat, ctx.clock), connections)
    bolt = _bolt_app(settings, mode, store, reinstall=ctx.t(settings.language, "slack.reinstall"))
    connections.share(bolt.client)  # Bolt's per-request clients take the app client's session
    listeners.register(bolt)
    return SlackRuntime(mode, bolt, chat, listeners, store, connections)


def _bolt_app(settings: Settings, mode: Mode, store: DbInstallationStore | None, *, reinstall: str) -> AsyncApp:
    # No automatic retry on a reset connection: a repeated chat.postMessage can post twice.
    client = AsyncWebClient(base_url=settings.slack_api_url, token=settings.slack_bot_token or None,
                            retry_handlers=[])
    verify = bool(settings.slack_signing_secret)  # Socket Mode alone needs no signing secret
    oauth = None
    if mode == "oauth" and store is not None:
        oauth = AsyncOAuthSettings(
            client_id=settings.slack_client_id, client_secret=settings.slack_client_secret, scopes=list(BOT_SCOPES),
            redirect_uri=settings.slack_redirect_uri or None, install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH, installation_store=store, installation_store_bot_only=True,
            state_store=SignedStateStore(settings.slack_client_secret, store.clock),
        )
    return AsyncApp(client=client, signing_secret=settings.slack_signing_secret or None,
                    request_verification_enabled=verify, oauth_settings=oauth,
                    installation_store=store, process_before_response=True,
                    raise_error_for_unhandled_request=False, user_facing_authorize_error_message=reinstall,
                    logger=logging.getLogger("slack_bolt"))
