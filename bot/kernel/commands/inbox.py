"""The inbound inbox: a command or button press is committed before it is acknowledged, and handled once.

`accept` records the request under the platform's key (a Slack retry or a replayed signed request has the
same key and is accepted only the first time) before the adapter acks. `handle` runs it through the router
and marks it done *in the same transaction as its effect* (the first commit of the handler), so a replica
that dies at any point leaves either the effect and "done", or neither. `recover` (on every tick) lets any
replica finish requests whose handler died: their answers go out through the outbox, privately.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlmodel import col, select

from bot.errors import AlreadyHandled
from bot.kernel.chat.clean import clean_text
from bot.kernel.chat.events import InboundEvent, event_from_json, event_to_json
from bot.kernel.chat.messages import Reply
from bot.kernel.commands.router import Router
from bot.kernel.context import AppContext
from bot.kernel.delivery.outbox import Envelope, Target, enqueue
from bot.kernel.storage import queries
from bot.kernel.storage.tables import ACCEPTED, DONE, InboundRequest, id_of
from bot.kernel.storage.uow import UnitOfWork, joining_next_commit
from bot.kernel.storage.upserts import add_once

log = logging.getLogger(__name__)

#: how long the accepting replica has to finish a request before another may (it answers within seconds)
LEASE = timedelta(seconds=30)
#: done requests are kept this long, so a replay within Slack's five-minute window finds them
RETENTION = timedelta(hours=24)
#: how many requests one process handles at a time (the rest wait their turn, already committed and acked)
HANDLING_AT_ONCE = 8
#: how often each process deletes the done requests older than RETENTION (not on every tick)
SWEEP_EVERY = timedelta(days=1)

Ack = Callable[[], Awaitable[object]]
Prepare = Callable[[InboundEvent], Awaitable[InboundEvent]]


async def _as_is(event: InboundEvent) -> InboundEvent:
    return event


class Inbox:
    """Accepts, handles and recovers inbound requests for one process (`worker`)."""

    def __init__(self, ctx: AppContext, router: Router, *, worker: str) -> None:
        self._ctx = ctx
        self._router = router
        self._worker = worker
        self._swept: datetime | None = None
        self._handling = asyncio.Semaphore(HANDLING_AT_ONCE)

    async def once(self, key: str, event: InboundEvent, *, ack: Ack | None = None,
                   prepare: Prepare = _as_is) -> list[Reply] | None:
        """Commit the request, ack it (when the platform acks before the work), then handle it once. None: a
        retry or a replay of a request accepted before (it does nothing twice).

        `prepare` completes the event after the ack (a display name that takes a Web API call). Without the
        database the request cannot be committed: it is acked and handled as it comes (the router then
        apologises), since no platform waits for a database that is away.
        """
        try:
            accepted = await self.accept(key, event)
        except Exception as exc:
            log.warning("could not commit an inbound request before its ack (%s)", type(exc).__name__)
            if ack is not None:
                await ack()
            return await self._router.handle(await prepare(event))
        if ack is not None:
            await ack()
        if accepted is None:
            log.info("an inbound request arrived again (a retry or a replay); it was handled the first time")
            return None
        return await self.handle(accepted, await prepare(event))

    async def accept(self, key: str, event: InboundEvent) -> int | None:
        """Commit the request; its id, or None when a request with this key was accepted before."""
        now = self._ctx.clock.now()
        key = clean_text(key)[:200]  # a platform's ids may carry anything; PostgreSQL refuses NUL
        async with self._ctx.uow() as uow:
            workspace = await queries.workspace_for(uow.session, event.actor.platform, event.actor.workspace, now=now)
            added = await add_once(uow.session, InboundRequest, ("key",), {
                "workspace_id": id_of(workspace), "key": key, "event": event_to_json(event), "status": ACCEPTED,
                "claimed_by": self._worker, "lease_until": now + LEASE, "received_at": now})
            if not added:
                return None
            row = (await uow.session.exec(select(InboundRequest).where(InboundRequest.key == key))).one()
            await uow.commit()
        return id_of(row)

    async def handle(self, request_id: int, event: InboundEvent) -> list[Reply]:
        """Run the request through the router; it is marked done with its effect (or after, if it changed nothing).

        At most HANDLING_AT_ONCE requests are handled at a time; the others wait, committed, without taking
        the event loop's time: under a burst the acknowledgements (a commit each) keep coming within the
        platforms' limits and the work queues behind them, instead of every request slowing every other."""

        async def mark_done(uow: UnitOfWork) -> None:
            if not await self._mark_done(uow, request_id):
                raise AlreadyHandled(request_id)

        async with self._handling:
            with joining_next_commit(mark_done):
                replies = await self._router.handle(event)
            async with self._ctx.uow() as uow:  # a request that changed nothing (status, help) is done now
                await self._mark_done(uow, request_id)
                await uow.commit()
        return replies

    async def _mark_done(self, uow: UnitOfWork, request_id: int) -> bool:
        done = await uow.session.exec(update(InboundRequest).where(
            col(InboundRequest.id) == request_id, col(InboundRequest.status) == ACCEPTED,
            col(InboundRequest.claimed_by) == self._worker,
        ).values(status=DONE, done_at=self._ctx.clock.now()))
        return bool(done.rowcount)

    async def recover(self, *, probed: bool = False, lease_ends: datetime | None = None) -> int:
        """Finish requests whose replica died before handling them; their answers go out privately. Returns
        how many were finished. `probed`: the tick already read the earliest lease of an accepted request
        (`lease_ends`), so nothing is read when none has run out (and no sweep is due)."""
        now = self._ctx.clock.now()
        sweep = self._swept is None or now - self._swept >= SWEEP_EVERY
        if probed and not sweep and (lease_ends is None or lease_ends >= now):
            return 0
        async with self._ctx.uow() as uow:
            stale = (await uow.session.exec(select(InboundRequest).where(
                col(InboundRequest.status) == ACCEPTED, col(InboundRequest.lease_until) < now,
            ).limit(50))).all()
            taken = []
            for row in stale:  # take each over with a compare-and-set: two replicas never both take one
                moved = await uow.session.exec(update(InboundRequest).where(
                    col(InboundRequest.id) == row.id, col(InboundRequest.claimed_by) == row.claimed_by,
                    col(InboundRequest.status) == ACCEPTED,
                ).values(claimed_by=self._worker, lease_until=now + LEASE))
                if moved.rowcount:
                    taken.append(row)
            if sweep:
                await uow.session.exec(delete(InboundRequest).where(
                    col(InboundRequest.status) == DONE, col(InboundRequest.received_at) < now - RETENTION))
            await uow.commit()
        if sweep:
            self._swept = now
        for row in taken:
            event = event_from_json(row.event)
            log.warning("finishing a %s its replica accepted but did not handle", type(event).__name__)
            await self._answer_later(id_of(row), event, await self.handle(id_of(row), event))
        return len(taken)

    async def _answer_later(self, request_id: int, event: InboundEvent, replies: list[Reply]) -> None:
        """The answers of a recovered request, through the outbox (a form cannot be opened any more)."""
        channel = getattr(event, "channel", None) or None
        now = self._ctx.clock.now()
        async with self._ctx.uow() as uow:
            workspace = await queries.workspace_for(uow.session, event.actor.platform, event.actor.workspace, now=now)
            messages = [(reply, reply.message) for reply in replies if reply.message is not None]
            for n, (reply, message) in enumerate(messages):
                target: Target = "channel" if reply.visibility == "channel" and channel else (
                    "private" if channel else "dm")
                await enqueue(uow.session, Envelope(
                    id_of(workspace), f"inbox:{request_id}:{n}", "reply", target, message, now,
                    channel_id=channel, user_id=event.actor.user, thread_ref=reply.thread_ref, priority=1),
                    now=now)
            await uow.commit()
