"""Bolt listeners: verify (Bolt), ack, translate, call the router, render. No business rule lives here.

Slack wants an answer within 3 seconds. Bolt runs with `process_before_response`: a listener runs inside the
request and its `ack()` is the HTTP answer, so a listener does only what must come before the ack and hands
the rest to the inbox's background work (`Inbox.take` / `Inbox.later`), a few at a time. (Without
it Bolt would poll every 10 ms, per request, until the listener acks: a cost that grows with the queue.)
Commands and button presses are committed to the inbound inbox, then acked; a replica that dies after the ack
leaves them to another, and a retried or replayed request (same body) is acknowledged and not handled again.
Modal submissions are the exception: their answer (errors, or the next view) *is* the ack, and the router is
fast enough for it. Events are acknowledged by Bolt once the listener returns, so `before_ack` commits the
ones the router handles to the inbox (keyed by team and event_id: Slack's retries do nothing twice) and
applies an app removal there; App Home views are only deduplicated (a lost one is drawn again at the next
opening).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse

from bot.adapters.slack import render, translate
from bot.adapters.slack.connections import KeptConnections, Respond
from bot.adapters.slack.installs import DbInstallationStore
from bot.adapters.slack.once import EventLedger
from bot.adapters.slack.profiles import Profiles
from bot.adapters.slack.replies import Origin, Replier
from bot.bootstrap import Container
from bot.features.home import page as home
from bot.kernel.chat.events import InboundEvent
from bot.kernel.context import Request
from bot.kernel.inflight import InFlight
from bot.kernel.storage import queries

log = logging.getLogger(__name__)

COMMAND = "/samskaping"
#: the Bolt context entry that hands an event's inbox id from `before_ack` to its listener
ACCEPTED = "samskaping_inbound_request"
#: events whose whole effect is applied before the ack (rare, quick, and nothing to answer)
REMOVALS = frozenset({"app_uninstalled", "tokens_revoked"})


def request_key(body: dict[str, Any]) -> str:
    """The same for a retry or a replay of one request (same body), different for every new one (Slack gives
    each command and press its own trigger_id and response_url)."""
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
    return f"slack:{digest}"


class Tracker:
    """Counts listener work in flight, so shutdown and tests can wait until it is done."""

    def __init__(self) -> None:
        self._busy = InFlight()
        self._tasks: set[asyncio.Task[None]] = set()

    @asynccontextmanager
    async def track(self, what: str) -> AsyncIterator[None]:
        with self._busy.during():
            try:
                yield
            except Exception:  # a bug in one request must not take the app down or reach Slack as a 500
                log.exception("slack %s failed", what)

    def spawn(self, what: str, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` after the ack, counted like the listeners' own work."""

        async def tracked() -> None:
            async with self.track(what):
                await work

        task = asyncio.create_task(tracked())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def idle(self) -> None:
        """Return when no listener work is in flight."""
        await self._busy.idle()


class Listeners:
    """The Slack side of the router: one method per kind of request."""

    def __init__(self, container: Container, replier: Replier, ledger: EventLedger,
                 store: DbInstallationStore | None, close_label: str, done_title: str, profiles: Profiles,
                 connections: KeptConnections) -> None:
        self.app = container
        self.connections = connections
        self.profiles = profiles
        self.replier = replier
        self.ledger = ledger
        self.store = store
        self.close_label = close_label
        self.done_title = done_title
        self.tracker = Tracker()

    def register(self, bolt: AsyncApp) -> None:
        bolt.middleware(self.before_ack)
        bolt.command(COMMAND)(self.on_command)
        bolt.action(re.compile(".*"))(self.on_action)
        bolt.view_submission(re.compile(".*"))(self.on_view)
        bolt.view_closed(re.compile(".*"))(self.on_ack_only)
        bolt.event("message")(self.on_message)
        bolt.event("member_joined_channel")(self.on_member_joined)
        bolt.event("app_home_opened")(self.on_home_opened)

    async def before_ack(self, body: dict[str, Any], context: Any, resp: BoltResponse, next: Any) -> BoltResponse:
        """Bolt middleware: an event is committed (or applied) before Bolt acks it; a repeat stops here."""
        event_id = body.get("event_id") if isinstance(body, dict) else None
        event = body.get("event") if isinstance(body, dict) else None
        if body.get("type") == "event_callback" and isinstance(event_id, str) and event_id and isinstance(event, dict):
            team = str(body.get("team_id") or context.get("team_id") or context.get("enterprise_id") or "")
            if not await self._first_time(team, event_id, event, context):
                log.info("slack event %s already taken care of; acknowledged again", event_id)
                return BoltResponse(status=200, body="")
            if event.get("type") in REMOVALS:
                await self._removed(event, context)
                return BoltResponse(status=200, body="")
        await next()
        return resp  # Bolt's default 200: requests no listener takes are acknowledged, not answered 404

    async def _first_time(self, team: str, event_id: str, event: dict[str, Any], context: Any) -> bool:
        """Commit an event the router handles to the inbox (its id goes to the listener), or record any other
        in the ledger; False when it came before. Without the database it is handled as it comes."""
        routed = translate.routed_event(event, context)
        if routed is None:
            return await self.ledger.first_time(f"slack:{team}", event_id)
        try:
            context[ACCEPTED] = await self.app.inbox.accept(f"slack:{team}:{event_id}", routed)
        except Exception as exc:
            log.warning("could not commit slack event %s before its ack (%s)", event_id, type(exc).__name__)
            return True
        return context[ACCEPTED] is not None

    def _handle_event(self, context: Any, event: InboundEvent, origin: Origin) -> None:
        """An event `before_ack` committed is handled once, through the inbox, after the ack."""
        self.app.inbox.later(context.get(ACCEPTED), event, prepare=self._named,
                             then=lambda replies: self.replier.deliver(replies, origin))

    async def on_ack_only(self, ack: Any) -> None:
        await ack()

    async def on_command(self, ack: Any, body: dict[str, Any], context: Any, client: Any) -> None:
        async with self.tracker.track("command"):
            event = translate.command(body, context)
            if event is None:
                await ack()
                log.warning("slack command without user, channel or team; ignored")
                return
            await self._take(ack, body, event, Origin(client, event.actor.workspace, event.actor.user,
                                                      event.channel, self._respond(body), event.trigger))

    async def _take(self, ack: Any, body: dict[str, Any], event: InboundEvent, origin: Origin) -> None:
        """Commit the request and ack it; it is handled once after the ack (a retry or replay only gets the ack)."""
        await self.app.inbox.take(request_key(body), event, prepare=self._named,
                                  then=lambda replies: self.replier.deliver(replies, origin))
        await ack()

    async def _named(self, event: InboundEvent) -> InboundEvent:
        """The event with its actor's display name and locale (users.info, after the ack: it may take a while)."""
        return replace(event, actor=await self.profiles.enrich(event.actor))

    async def on_action(self, ack: Any, body: dict[str, Any], context: Any, client: Any) -> None:
        async with self.tracker.track("action"):
            event = translate.action(body, context)
            if event is None or not event.actor.user:
                await ack()
                log.warning("slack action payload without an action or a user; ignored")
                return
            view = body.get("view")  # found by fuzzing: a signed payload's view may be any JSON value
            from_home = isinstance(view, dict) and view.get("type") == "home"
            await self._take(ack, body, event, Origin(
                client, event.actor.workspace, event.actor.user, event.channel or None,
                self._respond(body), event.trigger, private_as_dm=from_home))

    def _respond(self, body: dict[str, Any]) -> Respond | None:
        """Answers through the request's response_url, over the kept connections (None when it has none)."""
        url = body.get("response_url")
        return self.connections.responder(url) if isinstance(url, str) and url else None

    async def on_view(self, ack: Any, body: dict[str, Any], context: Any) -> None:
        """A submitted modal: the ack carries the answer (field errors, the form again, or a result)."""
        async with self.tracker.track("view_submission"):
            translated = translate.form(body, context)
            if translated is None:
                log.warning("slack view_submission without a view or a user; closed")
                await ack()
                return
            event, channel = translated
            event = replace(event, actor=await self.profiles.enrich(event.actor))
            replies = await self.app.router.handle(event)
            await ack(**self._view_answer(replies, channel))

    def _view_answer(self, replies: list[Any], channel: str | None) -> dict[str, Any]:
        form = next((r.form for r in replies if r.form is not None), None)
        if form is not None and form.error and form.inputs:
            return {"response_action": "errors", "errors": {form.inputs[0].name: form.error[:2000]}}
        if form is not None:
            view = render.form_view(form, close=self.close_label, channel=channel)
            return {"response_action": "update", "view": view}
        message = next((r.message for r in replies if r.message is not None), None)
        if message is not None:
            return {"response_action": "update",
                    "view": render.message_view(message, title=self.done_title, close=self.close_label)}
        return {}

    async def on_message(self, event: dict[str, Any], context: Any, client: Any) -> None:
        async with self.tracker.track("message"):
            written = translate.message(event, context)
            if written is None:
                return
            self._handle_event(context, written, Origin(client, written.actor.workspace, written.actor.user,
                                                        written.channel, thread=written.thread))

    async def on_member_joined(self, event: dict[str, Any], context: Any, client: Any) -> None:
        """Welcome by DM in the member's own organisation; guests from elsewhere get it in the channel."""
        async with self.tracker.track("member_joined_channel"):
            joined = translate.member_joined(event, context)
            if joined is None:
                return
            self._handle_event(context, joined, Origin(
                client, joined.actor.workspace, joined.actor.user, joined.channel,
                private_as_dm=not translate.is_external(event, context)))

    async def on_home_opened(self, event: dict[str, Any], context: Any, client: Any) -> None:
        user = event.get("user")
        if event.get("tab") != "home" or not isinstance(user, str):
            return
        actor = translate.actor(context, user)
        self.tracker.spawn("app_home_opened", self._publish_home_for(client, actor))

    async def _publish_home_for(self, client: Any, actor: Any) -> None:
        await self.publish_home(client, await self.profiles.enrich(actor))

    async def publish_home(self, client: Any, actor: Any) -> None:
        sections = await home.home_view(Request(self.app.ctx, actor, None))
        await client.views_publish(user_id=actor.user,
                                   view=render.home_view([(s.message, s.channel) for s in sections]))

    async def _removed(self, event: dict[str, Any], context: Any) -> None:
        """The app was removed or its bot token revoked: forget the workspace's tokens now, before the ack."""
        tokens = event.get("tokens")
        if event.get("type") == "app_uninstalled" or (isinstance(tokens, dict) and tokens.get("bot")):
            await self._forget(context)

    async def _forget(self, context: Any) -> None:
        """Purge the workspace's tokens and mark it inactive (it stays, with its data, for a reinstall)."""
        team = translate.workspace_of(context)
        if self.store is not None:
            await self.store.async_delete_all(enterprise_id=context.get("enterprise_id"),
                                              team_id=context.get("team_id"))
        async with self.app.ctx.uow() as uow:
            workspace = await queries.find_workspace(uow.session, translate.PLATFORM, team)
            if workspace is not None:
                workspace.active = False
                await uow.commit()
        log.warning("slack app removed from workspace %s; its tokens are purged", team)
