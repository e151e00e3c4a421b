"""Inbound activities → neutral events → the router → answers (in the HTTP response for invokes, else sent).

A thin translator: no business rule lives here. The SDK has already checked the request's JWT.
Teams answers the HTTP request only when this handler returns, so every message and invoke is committed to
the inbound inbox (keyed `teams:{tenant}:{activity id}`) before any work: a replica that dies while handling
it leaves it to another, and a redelivered activity (same id) is answered with 200 and does nothing twice.
A message's answers are sent, not returned, so its work runs after the 200 (`Inbox.take`): under a burst
the acknowledgements keep coming and the work queues. An invoke's answer is the HTTP body: handled inline.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from typing import Any

from bot.adapters.teams.activity import Where, command_text, mentions_bot, parse_where, plain_text
from bot.adapters.teams.chat import TeamsChat
from bot.adapters.teams.refs import ConversationStore
from bot.adapters.teams.render import (
    DATA_KEY,
    FORM_KEY,
    action_message,
    dialog_message,
    dialog_response,
    form_invitation,
    message_activity,
    plain,
)
from bot.errors import DeliveryError
from bot.kernel.chat.events import (
    ActionEvent,
    Actor,
    CommandEvent,
    FormSubmitted,
    InboundEvent,
    MemberJoined,
    MessageEvent,
)
from bot.kernel.chat.messages import Address, Message, Reply
from bot.kernel.commands.inbox import Inbox
from bot.kernel.commands.router import Router
from bot.kernel.context import AppContext
from bot.kernel.delivery.dispatcher import MAYBE_SENT, backoff
from bot.kernel.delivery.outbox import Envelope, Target, enqueue
from bot.kernel.storage import queries
from bot.kernel.storage.tables import id_of

log = logging.getLogger(__name__)

Body = dict[str, Any] | None
_RESERVED = frozenset({FORM_KEY, "metadata", "c", "msteams", DATA_KEY})


def _object(value: Any) -> dict[str, Any]:
    """`value` when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


class TeamsInbound:
    """Handles one authenticated activity; returns the invoke response body, if any."""

    def __init__(self, router: Router, inbox: Inbox, ctx: AppContext, chat: TeamsChat,
                 store: ConversationStore) -> None:
        self.router = router
        self.inbox = inbox
        self.ctx = ctx
        self.chat = chat
        self.store = store

    async def on_activity(self, turn: Any) -> Body:
        """SDK middleware: every activity the SDK accepted comes through here."""
        return await self.handle(turn.activity.model_dump(by_alias=True, exclude_none=True))

    async def handle(self, activity: dict[str, Any]) -> Body:
        where = parse_where(activity)
        if where is None:
            log.warning("Teams activity without tenant, conversation or sender (type=%s)",
                        str(activity.get("type"))[:32])
            return None
        kind = activity.get("type")
        if kind == "message":  # its references are refreshed after the 200, with the rest of its work
            await self._message(activity, where)
            return None
        await self.store.observe(where)
        if kind == "invoke":
            return await self._invoke(activity, where)
        elif kind == "conversationUpdate":
            await self._members_added(activity, where)
        elif kind == "installationUpdate":
            await self.store.set_installed(where, activity.get("action") == "add")
        return None

    def _actor(self, where: Where, user: str | None = None, name: str | None = None) -> Actor:
        return Actor("teams", where.tenant, user or where.user, where.name if name is None else name, where.locale)

    def _lang(self, where: Where) -> str:
        locale = (where.locale or "")[:2]
        return locale if locale in ("nb", "nn", "en") else self.ctx.settings.language

    async def _message(self, activity: dict[str, Any], where: Where) -> None:
        value = activity.get("value")
        event: InboundEvent
        if isinstance(value, dict) and isinstance(value.get(DATA_KEY), dict):  # Action.Submit on a card
            event = self._action_event(where, value[DATA_KEY])
        elif where.is_personal:  # anything typed in a personal chat is a command
            known = await self.store.user(where.tenant, where.user)
            channel = (known.home_channel if known else None) or where.base
            event = CommandEvent(self._actor(where), channel, command_text(activity, where.bot), where.activity_id)
        elif mentions_bot(activity, where.bot):
            event = CommandEvent(self._actor(where), where.channel, command_text(activity, where.bot),
                                 where.activity_id)
        else:  # seen through the RSC permissions: thread replies to prompts, jargon checks
            text = plain_text(activity)
            if not text:
                await self.store.observe(where)
                return
            event = MessageEvent(self._actor(where), where.channel, text, where.thread, where.activity_id)
        channel = getattr(event, "channel", where.channel)

        async def send(replies: list[Reply]) -> None:
            await self.deliver(replies, where, channel)

        async def observed(event: InboundEvent) -> InboundEvent:
            await self.store.observe(where)
            return event

        if not where.activity_id:  # nothing to know a redelivery by
            await send(await self.router.handle(await observed(event)))
            return
        await self.inbox.take(self._key(where), event, then=send, prepare=observed)

    async def _once(self, event: InboundEvent, where: Where, part: str = "") -> list[Reply] | None:
        """The router's replies, the first time this activity (and `part` of it) comes; None for a repeat."""
        if not where.activity_id:  # nothing to know a redelivery by
            return await self.router.handle(event)
        return await self.inbox.once(self._key(where, part), event)

    @staticmethod
    def _key(where: Where, part: str = "") -> str:
        return f"teams:{where.tenant}:{where.activity_id}{part}"

    def _action_event(self, where: Where, spec: dict[str, Any]) -> ActionEvent:
        return ActionEvent(self._actor(where), str(spec.get("c") or where.channel), str(spec.get("a") or ""),
                           str(spec.get("v") or ""), trigger=where.activity_id)

    async def _invoke(self, activity: dict[str, Any], where: Where) -> Body:
        name, value = activity.get("name"), _object(activity.get("value"))
        if name == "task/fetch":
            data = _object(value.get("data"))
            event = self._action_event(where, _object(data.get(DATA_KEY)))
            replies = await self._once(event, where)
            return None if replies is None else await self._dialog_answer(replies, where, event.channel)
        if name == "task/submit":
            return await self._submit(_object(value.get("data")), where)
        if name == "adaptiveCard/action":
            action = _object(value.get("action"))
            data = _object(action.get("data"))
            inner = data.get(DATA_KEY)
            spec = inner if isinstance(inner, dict) else {"a": action.get("verb")}
            event = self._action_event(where, spec)
            replies = await self._once(event, where)
            return None if replies is None else await self._card_answer(replies, where, event.channel)
        return None

    async def _submit(self, data: dict[str, Any], where: Where) -> Body:
        form_id = data.get(FORM_KEY)
        if not isinstance(form_id, str):
            return None
        values = {k: v for k, v in data.items() if k not in _RESERVED and isinstance(v, str)}
        event = FormSubmitted(self._actor(where), form_id, values, str(data.get("metadata") or ""))
        replies = await self._once(event, where)
        return None if replies is None else await self._dialog_answer(replies, where,
                                                                      str(data.get("c") or where.channel))

    async def _dialog_answer(self, replies: list[Reply], where: Where, channel: str) -> Body:
        """A form continues the dialog (with the user's text kept); a message closes it."""
        answer: Body = None
        for reply in replies:
            if answer is None and reply.form is not None:
                answer = dialog_response(reply.form, channel)
            elif answer is None and reply.message is not None and reply.visibility == "private":
                answer = dialog_message(plain(reply.message))
            else:
                await self.deliver([reply], where, channel)
        return answer

    async def _card_answer(self, replies: list[Reply], where: Where, channel: str) -> Body:
        """Private text answers the presser in place; anything else is sent."""
        texts = [plain(r.message) for r in replies if r.message is not None and r.visibility == "private"]
        await self.deliver([r for r in replies if r.form is not None or r.visibility == "channel"], where, channel)
        lang = self._lang(where)
        if any(r.form is not None for r in replies):
            texts.append(self.ctx.t(lang, "teams.dialog_only"))
        return action_message("\n\n".join(texts) or self.ctx.t(lang, "teams.done"))

    async def deliver(self, replies: list[Reply], where: Where, channel: str) -> None:
        """Send the router's replies: into the conversation, or privately to the actor."""
        for index, reply in enumerate(replies):
            message: Message | None = reply.message
            private = reply.visibility == "private"
            if reply.form is not None:  # dialogs open only from a card button: send one that opens it
                message, private = form_invitation(reply.form, reply.form.title), True
            if message is None:
                continue
            target: Target = "dm" if where.is_personal else ("private" if private else "channel")
            try:
                if target == "private":
                    await self.chat.post_private(Address(where.tenant, channel, where.user), message,
                                                 key=f"reply:{where.activity_id}")
                else:
                    await self.chat.send_activity(where.tenant, where.conversation, message_activity(message, channel),
                                                  service_url=where.service_url)
            except DeliveryError as exc:
                log.warning("Teams reply not delivered now: %s", exc.code)
                if not exc.permanent and exc.code != MAYBE_SENT:  # 429 and friends: the outbox sends it later, once
                    await self._later(where, channel, message, target, f"{where.activity_id}:{index}", exc)

    async def _later(self, where: Where, channel: str, message: Message, target: Target, key: str,
                     exc: DeliveryError, *, user: str | None = None) -> None:
        """Queue a message that could not go out now (429 and friends): the outbox sends it later, once."""
        now = self.ctx.clock.now()
        async with self.ctx.uow() as uow:
            workspace = await queries.workspace_for(uow.session, "teams", where.tenant, now=now)
            await enqueue(uow.session, Envelope(
                id_of(workspace), f"teams-reply:{key}", "reply", target, message,
                now + backoff(1, exc.retry_after), channel_id=channel if target != "dm" else None,
                user_id=user or where.user, thread_ref=where.thread if target == "channel" else None, priority=1),
                now=now)
            await uow.commit()

    async def _members_added(self, activity: dict[str, Any], where: Where) -> None:
        for member in activity.get("membersAdded") or []:
            who = member.get("id") if isinstance(member, dict) else None
            if not isinstance(who, str):
                continue
            if who == where.bot:
                await self._introduce(where)
            else:
                await self._welcome(where, who, str(member.get("name") or ""))

    async def _introduce(self, where: Where) -> None:
        """The bot was added to a team or chat: explain how a coordinator sets up a group."""
        text = self.ctx.t(self.ctx.settings.language, "teams.bot_added")
        try:
            await self.chat.send_activity(where.tenant, where.base, message_activity(Message(text)),
                                          service_url=where.service_url)
        except DeliveryError as exc:
            log.warning("Teams introduction not delivered: %s", exc.code)

    async def _welcome(self, where: Where, user: str, name: str) -> None:
        """A new member: a welcome 1:1 asking for the sector, for each group channel of the team."""
        channels = [where.channel]
        if where.team:
            channels += [c for c in await self.store.team_channels(where.tenant, where.team) if c != where.channel]
        for channel in channels:
            part = ":" + hashlib.sha256(f"{user}\n{channel}".encode()).hexdigest()[:24]  # one welcome per activity
            for reply in await self._once(MemberJoined(self._actor(where, user, name), channel), where, part) or []:
                if reply.message is None:
                    continue
                try:
                    await self.chat.send_dm(Address(where.tenant, channel, user), reply.message,
                                            key=f"welcome:{channel}:{user}")
                except DeliveryError as exc:
                    log.warning("Teams welcome not delivered now: %s", exc.code)
                    if exc.permanent:  # e.g. a guest the tenant's policy keeps out of 1:1 chats: ask in the channel
                        await self._welcome_in_channel(where, channel, name, reply.message)
                    elif exc.code != MAYBE_SENT:  # not lost: the outbox sends it later
                        await self._later(where, channel, reply.message, "dm", f"welcome:{channel}:{user}", exc,
                                          user=user)

    async def _welcome_in_channel(self, where: Where, channel: str, name: str, welcome: Message) -> None:
        """The welcome as a card in the group's channel; its sector buttons join whoever presses them."""
        lang = self.ctx.settings.language
        title = self.ctx.t(lang, "teams.welcome_in_channel", name=name) if name else \
            self.ctx.t(lang, "teams.welcome_in_channel_unnamed")
        try:
            activity = message_activity(replace(welcome, title=title), channel)
            await self.chat.send_activity(where.tenant, channel, activity, service_url=where.service_url)
        except DeliveryError as exc:
            log.warning("Teams welcome not delivered in the channel either: %s", exc.code)
