"""Show the router's replies natively: ephemeral answers, channel posts, modals and DMs.

These are direct answers to what someone just did, so they go straight to the Web API (the outbox is
for what the bot starts on its own). A failed reply is logged, never retried into a loop.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.chat import TRANSPORT_ERRORS, SlackChat
from bot.adapters.slack.connections import Respond
from bot.adapters.slack.render import form_view, message_payload, message_view
from bot.errors import DeliveryError
from bot.kernel.chat.messages import Message, Reply

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Origin:
    """Where a request came from, and the means Slack gave us to answer it."""

    client: AsyncWebClient
    workspace: str
    user: str
    channel: str | None = None
    respond: Respond | None = None
    trigger: str | None = None
    thread: str | None = None
    #: Private answers go to the user's DM (with buttons that still act in `channel`).
    private_as_dm: bool = False


class Replier:
    """Renders replies for one Slack app."""

    def __init__(self, chat: SlackChat, close_label: str) -> None:
        self._chat = chat
        self._close = close_label

    async def deliver(self, replies: list[Reply], origin: Origin) -> None:
        for reply in replies:
            try:
                await self._deliver_one(reply, origin)
            except (SlackApiError, DeliveryError, *TRANSPORT_ERRORS) as exc:  # e.g. a reset connection
                log.warning("slack reply failed in workspace %s: %s", origin.workspace, _code(exc))

    async def _deliver_one(self, reply: Reply, origin: Origin) -> None:
        if reply.form is not None:
            if origin.trigger is None:
                log.warning("a form reply without an interaction to open it from")
            else:
                await origin.client.views_open(trigger_id=origin.trigger,
                                               view=form_view(reply.form, close=self._close, channel=origin.channel))
        if reply.message is None:
            return
        if reply.panel and origin.trigger is not None and reply.visibility == "private":
            await origin.client.views_open(trigger_id=origin.trigger, view=message_view(
                reply.message, title=reply.message.title or "Samskaping", close=self._close))
        elif reply.visibility == "channel" and origin.channel:
            await self._in_channel(reply.message, origin, origin.channel, reply.thread_ref or origin.thread)
        else:
            await self.privately(reply.message, origin)

    async def _in_channel(self, message: Message, origin: Origin, channel: str, thread: str | None) -> None:
        payload = message_payload(message, channel=channel)
        try:
            await origin.client.chat_postMessage(channel=channel, thread_ts=thread, **payload)
        except SlackApiError as exc:
            # The bot may not be in the channel; a slash command's response_url can still post there.
            if origin.respond is None or _code(exc) not in ("not_in_channel", "channel_not_found"):
                raise
            await origin.respond(response_type="in_channel", replace_original=False, **payload)

    async def privately(self, message: Message, origin: Origin) -> None:
        """Only the user sees it: the interaction's response_url, an ephemeral message, or a DM."""
        payload = message_payload(message, channel=origin.channel)
        if origin.private_as_dm or not origin.channel:
            try:
                dm = await self._chat.dm_channel(origin.workspace, origin.user)
                await origin.client.chat_postMessage(channel=dm, **payload)
                return
            except (SlackApiError, DeliveryError) as exc:
                log.info("slack DM not possible (%s); answering in the channel", _code(exc))
                if not origin.channel:
                    return
        if origin.respond is not None:
            await origin.respond(response_type="ephemeral", replace_original=False, **payload)
            return
        await origin.client.chat_postEphemeral(channel=origin.channel, user=origin.user, thread_ts=origin.thread,
                                               **payload)


def _code(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or exc.response.status_code)
    return getattr(exc, "code", type(exc).__name__)
