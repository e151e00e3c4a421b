"""SlackChat: the chat port on the Slack Web API, for the outbox dispatcher.

Every post carries message metadata with the outbox idempotency key, so a send whose outcome is unknown
(a reset connection, a timeout, a 5xx) is looked up in the channel's history before it is ever repeated.
The Web API client never retries by itself (slack_sdk retries a reset connection once by default, which
can post twice); 429s pause the channel and the workspace tier for Retry-After and defer the outbox row.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select

from bot.adapters.slack.connections import KeptConnections
from bot.adapters.slack.pacing import Pacer
from bot.adapters.slack.render import form_view, message_payload
from bot.adapters.slack.tokens import BotAuth, TokenSource
from bot.clock import Clock
from bot.errors import DeliveryError, SamskapingError
from bot.kernel.chat.messages import Address, ChatUser, Form, Message
from bot.kernel.delivery.dispatcher import MAYBE_SENT
from bot.kernel.storage import queries
from bot.kernel.storage.engine import SessionFactory
from bot.kernel.storage.tables import Workspace
from bot.kernel.storage.tables_slack import SlackDmChannel

log = logging.getLogger(__name__)

METADATA_TYPE = "samskaping_outbox"
PERMANENT = frozenset({
    "channel_not_found", "not_in_channel", "is_archived", "user_not_found", "account_inactive", "token_revoked",
    "invalid_auth", "not_authed", "user_not_in_channel", "cannot_dm_bot", "missing_scope", "invalid_blocks",
    "msg_too_long", "no_text", "restricted_action", "team_access_not_granted", "ekm_access_denied",
    "app_uninstalled", "org_login_required", "user_is_restricted", "messages_tab_disabled",
})
TRANSPORT_ERRORS = (aiohttp.ClientError, asyncio.TimeoutError, OSError)
#: raised before the request left this process: nothing reached Slack
NOT_SENT = (aiohttp.ClientConnectorError,)
HISTORY_PAGES = 10
#: conversations.open takes at most eight users for a group DM
MAX_GROUP_USERS = 8


@dataclass(frozen=True)
class Limits:
    """How fast to send: seconds between posts per channel, and per-minute budgets per workspace tier."""

    channel_interval: float = 1.0
    post_per_minute: int = 300
    open_per_minute: int = 50
    tier4_per_minute: int = 100


def outbox_metadata(key: str) -> dict[str, Any]:
    return {"event_type": METADATA_TYPE, "event_payload": {"k": key}}


def retry_after(exc: SlackApiError) -> float:
    """Seconds from the Retry-After header (Slack always sends one with 429), else one second."""
    headers = exc.response.headers or {}
    for name, value in dict(headers).items():
        if name.lower() == "retry-after":
            try:
                return max(0.0, float(value))
            except ValueError:
                break
    return 1.0


class SlackChat:
    """The ChatPort for Slack; safe to share between requests (no per-call state but the unsure keys)."""

    platform = "slack"
    verifiable = True
    #: one after another: the workspace's budget and each channel's pace bind long before latency does
    parallel_sends = 1

    def __init__(self, *, tokens: TokenSource, sessions: SessionFactory, clock: Clock, api_url: str,
                 pacer: Pacer, limits: Limits, close_label: str = "Lukk",
                 connections: KeptConnections | None = None) -> None:
        self._tokens = tokens
        self._connections = connections or KeptConnections()
        self._sessions = sessions
        self._clock = clock
        self._api_url = api_url
        self._pacer = pacer
        self._limits = limits
        self._close_label = close_label
        self._clients: dict[str, AsyncWebClient] = {}
        self._unsure: dict[str, datetime] = {}
        self.sends_per_second = limits.post_per_minute / 60
        self._groups: dict[tuple[str, frozenset[str]], str] = {}  # group DMs opened (Slack keeps them)

    def client(self, token: str) -> AsyncWebClient:
        """A client for `token` with no automatic retries (the outbox decides what is repeated)."""
        if token not in self._clients:
            self._clients[token] = self._connections.share(
                AsyncWebClient(token=token, base_url=self._api_url, retry_handlers=[]))
        return self._clients[token]

    # -- the port -----------------------------------------------------------------------------------

    async def post(self, to: Address, message: Message, *, key: str) -> str:
        channel = _required(to.channel, "channel_not_found")
        return await self._post_message(to.workspace, channel, message, key=key, thread=to.thread,
                                        context=channel)

    async def post_private(self, to: Address, message: Message, *, key: str) -> str:
        """An ephemeral message: it carries no metadata and never appears in history, so an unclear outcome
        (5xx, a reset or a timeout after the request left) is "maybe sent" and becomes uncertain, not resent."""
        channel, user = _required(to.channel, "channel_not_found"), _required(to.user, "user_not_found")
        auth = await self._tokens.bot(to.workspace)
        await self._pacer.take({self._tier(to.workspace, "tier4"): 60 / self._limits.tier4_per_minute})
        try:
            response = await self.client(auth.token).chat_postEphemeral(
                channel=channel, user=user, thread_ts=to.thread, **message_payload(message, channel=channel))
        except SlackApiError as exc:
            if exc.response.status_code >= 500:  # Slack may have shown it, and an ephemeral cannot be looked up
                raise DeliveryError(MAYBE_SENT) from None
            raise self._error(to.workspace, "tier4", exc) from None
        except NOT_SENT as exc:  # the connection never opened: certainly not shown
            raise DeliveryError(f"connection:{type(exc).__name__}") from None
        except TRANSPORT_ERRORS:
            log.warning("a slack private message may or may not have been shown; it is not sent again")
            raise DeliveryError(MAYBE_SENT) from None
        return str(response.get("message_ts") or "")

    async def send_dm(self, to: Address, message: Message, *, key: str) -> str:
        dm = await self.dm_channel(to.workspace, _required(to.user, "user_not_found"))
        return await self._post_message(to.workspace, dm, message, key=key, thread=None, context=to.channel)

    async def send_group(self, to: Address, message: Message, *, key: str) -> str:
        """A group DM (MPIM) with the users, opened with conversations.open (Slack returns the existing one)."""
        channel = await self.group_channel(to.workspace, to.users)
        return await self._post_message(to.workspace, channel, message, key=key, thread=None, context=None)

    async def group_channel(self, workspace: str, users: tuple[str, ...]) -> str:
        """The conversation of these users with the bot (2–8 people; Slack returns the same one each time, so it
        is remembered in memory: a restart opens it once more)."""
        if not 2 <= len(users) <= MAX_GROUP_USERS:
            raise DeliveryError("group_size", permanent=True)
        known = self._groups.get((workspace, frozenset(users)))
        if known is not None:
            return known
        auth = await self._tokens.bot(workspace)
        await self._pacer.take({self._tier(workspace, "open"): 60 / self._limits.open_per_minute})
        opened = await self._call(workspace, "open", self.client(auth.token).conversations_open(
            users=",".join(users)))
        channel = self._groups[(workspace, frozenset(users))] = str(opened["channel"]["id"])
        return channel

    async def open_form(self, to: Address, form: Form, *, trigger: str) -> None:
        auth = await self._tokens.bot(to.workspace)
        view = form_view(form, close=self._close_label, channel=to.channel)
        await self._call(to.workspace, "tier4", self.client(auth.token).views_open(trigger_id=trigger, view=view))

    async def members(self, to: Address) -> list[ChatUser]:
        auth = await self._tokens.bot(to.workspace)
        client, ids, cursor = self.client(auth.token), [], None
        for _ in range(HISTORY_PAGES):
            page = await self._call(to.workspace, "tier4", client.conversations_members(
                channel=_required(to.channel, "channel_not_found"), cursor=cursor, limit=200))
            ids += list(page.get("members") or [])
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                break
        return [await self._user(to.workspace, client, user) for user in ids]

    async def find_sent(self, to: Address, key: str, since: datetime) -> str | None:
        """Look for our message with `key` in the channel (or thread), and in the user's DM channel."""
        auth = await self._tokens.bot(to.workspace)
        places: list[str | None] = [to.channel] if to.channel else []
        if to.users:
            places.append(await self.group_channel(to.workspace, to.users))
        elif to.user:
            places.append(await self._stored_dm(to.workspace, to.user))
        for channel in filter(None, places):
            found = await self._search(to.workspace, auth, channel, to.thread, key, since)
            if found is not None:
                return found
        return None

    # -- posting ------------------------------------------------------------------------------------

    async def _post_message(self, workspace: str, channel: str, message: Message, *, key: str,
                            thread: str | None, context: str | None) -> str:
        auth = await self._tokens.bot(workspace)
        if key in self._unsure:  # an earlier attempt may have landed: look before posting again
            found = await self._search(workspace, auth, channel, thread, key, self._unsure[key])
            if found is not None:
                self._unsure.pop(key, None)
                return found
        await self._pacer.take({f"{workspace}:{channel}": self._limits.channel_interval,
                                self._tier(workspace, "post"): 60 / self._limits.post_per_minute})
        started = self._clock.now() - timedelta(seconds=5)
        try:
            response = await self.client(auth.token).chat_postMessage(
                channel=channel, thread_ts=thread, metadata=outbox_metadata(key),
                **message_payload(message, channel=context))
        except SlackApiError as exc:
            if exc.response.status_code >= 500:  # Slack may have stored it: settled from history, by any replica
                self._unsure.setdefault(key, started)
                raise DeliveryError("maybe_sent", retry_after=_header_wait(exc)) from None
            raise self._error(workspace, "post", exc, channel=channel) from None
        except TRANSPORT_ERRORS as exc:
            self._unsure.setdefault(key, started)
            log.warning("slack post may or may not have gone out (%s); it is checked before any repeat",
                        type(exc).__name__)
            raise DeliveryError("maybe_sent") from None
        self._unsure.pop(key, None)
        return str(response["ts"])

    async def _call(self, workspace: str, tier: str, request: Any) -> Any:
        """Await one Web API call, turning Slack's errors into DeliveryError."""
        try:
            return await request
        except SlackApiError as exc:
            raise self._error(workspace, tier, exc) from None
        except TRANSPORT_ERRORS as exc:
            raise DeliveryError(f"connection:{type(exc).__name__}") from None

    def _error(self, workspace: str, tier: str, exc: SlackApiError, *, channel: str | None = None
               ) -> DeliveryError:
        status = exc.response.status_code
        body = exc.response.data if isinstance(exc.response.data, dict) else {}  # a proxy may answer in HTML
        code = str(body.get("error") or f"http_{status}")
        if status == 429 or code == "ratelimited":
            wait = retry_after(exc)
            self._pacer.pause(self._tier(workspace, tier), wait)
            if channel:
                self._pacer.pause(f"{workspace}:{channel}", wait)
            log.warning("slack rate limit on %s for workspace %s: waiting %.1f s", tier, workspace, wait)
            return DeliveryError("ratelimited", retry_after=wait)
        if code in PERMANENT:
            log.warning("slack refused a send in workspace %s: %s", workspace, code)
        return DeliveryError(code, permanent=code in PERMANENT)

    @staticmethod
    def _tier(workspace: str, tier: str) -> str:
        return f"{workspace}:tier:{tier}"

    # -- lookups ------------------------------------------------------------------------------------

    async def _search(self, workspace: str, auth: BotAuth, channel: str, thread: str | None, key: str,
                      since: datetime) -> str | None:
        client, cursor = self.client(auth.token), None
        oldest = f"{since.timestamp():.6f}"
        for _ in range(HISTORY_PAGES):
            if thread:
                page = await self._call(workspace, "history", client.conversations_replies(
                    channel=channel, ts=thread, oldest=oldest, include_all_metadata=True, limit=200, cursor=cursor))
            else:
                page = await self._call(workspace, "history", client.conversations_history(
                    channel=channel, oldest=oldest, include_all_metadata=True, limit=200, cursor=cursor))
            for item in page.get("messages") or []:
                if _is_ours(item, auth, key):
                    return str(item["ts"])
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return None
        return None

    async def _stored_dm(self, workspace: str, user: str) -> str | None:
        async with self._sessions() as session:
            found = await session.exec(select(SlackDmChannel.channel_id).join(
                Workspace, col(Workspace.id) == SlackDmChannel.workspace_id
            ).where(Workspace.platform == "slack", Workspace.external_id == workspace, SlackDmChannel.user_id == user))
            return found.first()

    async def dm_channel(self, workspace: str, user: str) -> str:
        """The user's DM channel: stored, or opened once with conversations.open and stored."""
        stored = await self._stored_dm(workspace, user)
        if stored is not None:
            return stored
        auth = await self._tokens.bot(workspace)
        await self._pacer.take({self._tier(workspace, "open"): 60 / self._limits.open_per_minute})
        opened = await self._call(workspace, "open", self.client(auth.token).conversations_open(users=user))
        channel = str(opened["channel"]["id"])
        async with self._sessions() as session:
            owner = await queries.workspace_for(session, "slack", workspace, now=self._clock.now())
            dialect = session.get_bind().dialect.name
            insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            await session.exec(insert(SlackDmChannel).values(
                workspace_id=owner.id, user_id=user, channel_id=channel, opened_at=self._clock.now(),
            ).on_conflict_do_nothing(index_elements=["workspace_id", "user_id"]))
            await session.commit()
        return channel

    async def _user(self, workspace: str, client: AsyncWebClient, user: str) -> ChatUser:
        """Name and bot flag from users.info (Tier 4, paced); just the id when the budget is spent."""
        try:
            await self._pacer.take({self._tier(workspace, "tier4"): 60 / self._limits.tier4_per_minute})
            info = await self._call(workspace, "tier4", client.users_info(user=user, include_locale=True))
        except DeliveryError:
            return ChatUser(user, "")
        data = info.get("user") or {}
        profile = data.get("profile") or {}
        name = profile.get("display_name") or profile.get("real_name") or data.get("name") or ""
        locale = data.get("locale")
        return ChatUser(user, str(name), bool(data.get("is_bot")), locale if isinstance(locale, str) else None)

    async def profile(self, workspace: str, user: str) -> ChatUser:
        """A person's display name and locale (users.info); just the id when Slack cannot be asked now."""
        try:
            auth = await self._tokens.bot(workspace)
        except SamskapingError:
            return ChatUser(user, "")
        return await self._user(workspace, self.client(auth.token), user)


def _is_ours(item: dict[str, Any], auth: BotAuth, key: str) -> bool:
    metadata = item.get("metadata") or {}
    payload = metadata.get("event_payload") or {}
    by_us = (auth.bot_user_id and item.get("user") == auth.bot_user_id) or (
        auth.bot_id and item.get("bot_id") == auth.bot_id)
    return bool(by_us) and metadata.get("event_type") == METADATA_TYPE and payload.get("k") == key


def _header_wait(exc: SlackApiError) -> float | None:
    """Retry-After of an error answer, if Slack sent one."""
    headers = {name.lower(): value for name, value in dict(exc.response.headers or {}).items()}
    return retry_after(exc) if "retry-after" in headers else None


def _required(value: str | None, code: str) -> str:
    if not value:
        raise DeliveryError(code, permanent=True)
    return value
