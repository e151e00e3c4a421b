"""TeamsChat: the ChatPort on the Teams SDK (proactive sends through `App.send`, paced, errors classified).

Teams has no idempotency key and no read-back, so `verifiable` is False: a "maybe sent" outbox row
becomes `uncertain` instead of being sent again.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import httpx
from microsoft_teams.api import Account
from microsoft_teams.api.activities.message import MessageActivityInput
from microsoft_teams.api.clients.conversation import CreateConversationParams
from microsoft_teams.apps import App

from bot.adapters.teams.activity import split_thread, threaded
from bot.adapters.teams.pacing import Pacer
from bot.adapters.teams.refs import ConversationStore, PersonalChats
from bot.adapters.teams.render import message_activity
from bot.errors import DeliveryError, TokenError
from bot.kernel.chat.messages import Address, ChatUser, Form, Message
from bot.kernel.delivery.dispatcher import MAYBE_SENT

log = logging.getLogger(__name__)

PERMANENT = frozenset({400, 401, 403, 404, 405, 413})
RETRYABLE = frozenset({412, 429, 500, 502, 503, 504})
#: transport errors raised before the request reached Teams (safe to send again)
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def retry_after(response: httpx.Response) -> float | None:
    """Seconds from a Retry-After header (delta-seconds form), capped at an hour; None when absent."""
    value = response.headers.get("Retry-After", "").strip()
    try:
        return min(3600.0, max(0.0, float(value))) if value else None
    except ValueError:
        return None


def classify(exc: Exception) -> DeliveryError:
    """A transport or HTTP failure as a DeliveryError the dispatcher understands."""
    if isinstance(exc, httpx.HTTPStatusError):
        status = exc.response.status_code
        if status in RETRYABLE or status not in PERMANENT:
            return DeliveryError(f"teams_http_{status}", retry_after=retry_after(exc.response))
        return DeliveryError(f"teams_http_{status}", permanent=True)
    if isinstance(exc, TokenError):
        return DeliveryError("teams_token")
    if isinstance(exc, httpx.TransportError) and not isinstance(exc, NOT_SENT):
        # The request went out and no answer came back: Teams may have posted it, and has no key to ask by.
        return DeliveryError(MAYBE_SENT)
    return DeliveryError(f"teams_transport_{type(exc).__name__}")


class TeamsChat:
    """How the core reaches people on Teams; one per process, shared by the inbound handler and the outbox."""

    platform = "teams"
    verifiable = False
    #: sends to different conversations in flight at once: the per-tenant pace (50 a second) is reached only
    #: when the round trips (the fence, the reference, the Bot Connector) overlap; the pacer still decides
    parallel_sends = 2

    def __init__(self, app: App, store: ConversationStore, pacer: Pacer, *, client_id: str,
                 default_service_url: str, targeted: bool = False) -> None:
        self.app = app
        self.store = store
        self.chats = PersonalChats(store)
        self.pacer = pacer
        self.client_id = client_id
        self.default_service_url = default_service_url
        self.targeted = targeted
        self.sends_per_second = min(limit / seconds for seconds, limit in pacer.tenant_windows)

    async def _service_url(self, tenant: str, conversation: str | None) -> str:
        ref = await self.store.conversation(tenant, conversation) if conversation else None
        if ref is not None:
            if ref.unreachable:
                raise DeliveryError(f"teams_unreachable_{ref.unreachable_reason or 'conversation'}", permanent=True)
            return ref.service_url
        return await self.store.latest_service_url(tenant) or self.default_service_url

    async def send_activity(self, tenant: str, conversation: str, activity: MessageActivityInput, *,
                            service_url: str) -> str:
        """Send one activity after pacing; returns its id or raises DeliveryError."""
        await self.pacer.acquire(tenant, split_thread(conversation)[0])
        try:
            sent = await self.app.send(conversation, activity, service_url=service_url)
        except (httpx.HTTPError, TokenError) as exc:
            error = classify(exc)
            log.warning("teams send failed: %s", error.code)
            if error.code in ("teams_http_403", "teams_http_404"):
                await self.store.mark_unreachable(tenant, conversation_id=split_thread(conversation)[0],
                                                  reason=error.code)
            raise error from None
        return sent.id

    async def post(self, to: Address, message: Message, *, key: str) -> str:
        """Into the channel (or chat), in the thread of `to.thread` when set."""
        if not to.channel:
            raise DeliveryError("teams_no_channel", permanent=True)
        service_url = await self._service_url(to.workspace, to.channel)
        return await self.send_activity(to.workspace, threaded(to.channel, to.thread),
                                        message_activity(message, to.channel), service_url=service_url)

    async def post_private(self, to: Address, message: Message, *, key: str) -> str:
        """A targeted message in the channel when enabled (preview), else (and on any error) a 1:1 chat."""
        if self.targeted and to.channel and to.user:
            try:
                service_url = await self._service_url(to.workspace, to.channel)
                activity = message_activity(message, to.channel, targeted_to=to.user)
                return await self.send_activity(to.workspace, to.channel, activity, service_url=service_url)
            except DeliveryError as exc:
                if exc.code == MAYBE_SENT:  # it may be on screen already: a 1:1 copy could show it twice
                    raise
                log.info("targeted message failed (%s); falling back to a 1:1 chat", exc.code)
        return await self.send_dm(to, message, key=key)

    async def send_group(self, to: Address, message: Message, *, key: str) -> str:
        """A bot cannot start a Teams group chat without Microsoft Graph rights the app does not ask for: the
        message goes to each user's 1:1 chat instead (it names everyone). Returns the first message's id.

        Not read back (Teams is unverifiable), so a retry after a partial failure may repeat it for the first
        users; senders that need exactly-once per person enqueue one `dm` row per user instead."""
        if len(to.users) < 2:
            raise DeliveryError("group_size", permanent=True)
        refs = [await self.send_dm(Address(to.workspace, to.channel, user), message, key=f"{key}:{user}")
                for user in to.users]
        return refs[0]

    async def send_dm(self, to: Address, message: Message, *, key: str) -> str:
        """In the member's personal chat, created (and stored) from their 29: id and tenant when new."""
        if not to.user:
            raise DeliveryError("teams_no_user", permanent=True)
        conversation, service_url = await self.personal_conversation(to.workspace, to.user)
        try:
            return await self.send_activity(to.workspace, conversation, message_activity(message, to.channel),
                                            service_url=service_url)
        except DeliveryError as exc:
            if exc.permanent:
                self.chats.forget(to.workspace, to.user)
                await self.store.mark_unreachable(to.workspace, user_id=to.user, reason=exc.code)
            raise

    async def personal_conversation(self, tenant: str, user: str) -> tuple[str, str]:
        """The 1:1 conversation id and service URL for a member, creating the chat when needed."""
        cached = await self.chats.get(tenant, user)
        if cached is not None:
            return cached
        known = await self.store.user(tenant, user)
        if known is not None and known.unreachable:
            raise DeliveryError("teams_unreachable_user", permanent=True)
        service_url = (known.service_url if known else None) or await self._service_url(tenant, None)
        if known is not None and known.personal_conversation_id:
            return known.personal_conversation_id, service_url
        params = CreateConversationParams(members=[Account(id=user)], tenant_id=tenant,
                                          channel_data={"tenant": {"id": tenant}}, isGroup=False,
                                          bot=Account(id=self.client_id))
        await self.pacer.acquire(tenant, f"create:{user}")
        try:
            created = await self.app.api.clone(service_url=service_url).conversations.create(params)
        except (httpx.HTTPError, TokenError) as exc:
            error = classify(exc)
            log.warning("creating a 1:1 chat failed: %s", error.code)
            if error.permanent:
                await self.store.mark_unreachable(tenant, user_id=user, reason=error.code)
            raise error from None
        await self.store.save_personal(tenant, user, created.id, service_url)
        self.chats.remember(tenant, user, created.id, service_url)
        return created.id, service_url

    async def open_form(self, to: Address, form: Form, *, trigger: str) -> None:
        """Teams opens dialogs only in answer to an invoke (the inbound handler returns them)."""
        raise DeliveryError("teams_forms_open_from_invokes_only", permanent=True)

    async def members(self, to: Address) -> list[ChatUser]:
        """The people in a channel or chat, from the Bot Connector roster."""
        if not to.channel:
            return []
        service_url = await self._service_url(to.workspace, to.channel)
        try:
            roster: list[Any] = await self.app.api.clone(service_url=service_url).conversations.get_members(
                split_thread(to.channel)[0])
        except (httpx.HTTPError, TokenError) as exc:
            raise classify(exc) from None
        return [ChatUser(m.id, getattr(m, "name", "") or "") for m in roster]

    async def find_sent(self, to: Address, key: str, since: datetime) -> str | None:
        """Not possible on Teams (no idempotency key, no read-back); the dispatcher never asks."""
        return None
