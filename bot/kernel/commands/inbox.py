"""The inbound inbox: a command or button press is committed before it is acknowledged, and handled once.

`accept` records the request under the platform's key (a Slack retry or a replayed signed request has the
same key and is accepted only the first time) before the adapter acks. `handle` runs it through the router
and marks it done *in the same transaction as its effect* (the first commit of the handler), so a replica
that dies at any point leaves either the effect and "done", or neither. `recover` (on every tick) lets any
replica finish requests whose handler died: their answers go out through the outbox, privately.

`take` and `later` are the path for requests whose answer is not the acknowledgement itself: the request is
committed, the adapter acks at once, and the work runs in the background, HANDLING_AT_ONCE at a time. Under
overload the acknowledgements keep coming (a commit each) while the work queues: up to QUEUED_AT_MOST requests
wait in memory; beyond that, and for any that waited until their lease nearly ran out, the committed request is
left to `recover`, which answers through the outbox. The work is queued or late, never the ack.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import UpdateBase
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.errors import AlreadyHandled
from bot.kernel.chat.clean import clean_text
from bot.kernel.chat.events import InboundEvent, event_from_json, event_to_json
from bot.kernel.chat.messages import Reply
from bot.kernel.commands.router import Router
from bot.kernel.context import AppContext
from bot.kernel.delivery.outbox import Envelope, Target, enqueue
from bot.kernel.inflight import InFlight
from bot.kernel.storage import queries
from bot.kernel.storage.tables import ACCEPTED, DONE, InboundRequest, id_of, table_of
from bot.kernel.storage.uow import UnitOfWork, joining_next_commit

log = logging.getLogger(__name__)

#: how long the accepting replica has to finish a request before another may (it answers within seconds)
LEASE = timedelta(seconds=30)
#: done requests are kept this long, so a replay within Slack's five-minute window finds them
RETENTION = timedelta(hours=24)
#: how many requests one process routes at a time (the rest wait their turn, already committed and acked).
#: SQLite takes one writer at a time anyway, and a second router holding its write lock would make the next
#: acknowledgement's INSERT wait in SQLite's busy handler (sleeps of 1 to 100 ms): one there
HANDLING_AT_ONCE = {"sqlite": 1, "postgresql": 8}
#: how many requests may be in their work after the ack at once: display names and answers are Web API calls
WORKING_AT_ONCE = 16
#: how many acknowledged requests may wait in memory for their turn (the rest wait in the table for `recover`)
QUEUED_AT_MOST = 2000
#: a waiting request whose lease has less than this left is left to `recover` instead of being started late
LEASE_MARGIN = timedelta(seconds=5)
#: how often each process deletes the done requests older than RETENTION (not on every tick)
SWEEP_EVERY = timedelta(days=1)

Prepare = Callable[[InboundEvent], Awaitable[InboundEvent]]
Then = Callable[[list[Reply]], Awaitable[object]]


async def _as_is(event: InboundEvent) -> InboundEvent:
    return event


class Inbox:
    """Accepts, handles and recovers inbound requests for one process (`worker`)."""

    def __init__(self, ctx: AppContext, router: Router, *, worker: str) -> None:
        self._ctx = ctx
        self._router = router
        self._worker = worker
        self._swept: datetime | None = None
        #: how many requests are routed at a time, by the database in use
        self.handling_at_once = HANDLING_AT_ONCE["sqlite" if ctx.settings.database_url.startswith("sqlite")
                                                 else "postgresql"]
        self._handling = asyncio.Semaphore(self.handling_at_once)
        self._working = asyncio.Semaphore(WORKING_AT_ONCE)
        #: acknowledgements first: the web layer marks each platform request here while it is acknowledged, and
        #: work after an ack starts (and goes on to its next stage) only when none is; else, under a burst, every
        #: ack would wait behind the work of the requests before it
        self.acks = InFlight()
        self._waiting: set[asyncio.Task[None]] = set()
        self._workspaces: dict[tuple[str, str], int] = {}
        self._inserts: dict[str, UpdateBase] = {}

    async def once(self, key: str, event: InboundEvent) -> list[Reply] | None:
        """Commit the request, then handle it once, for answers that are the acknowledgement itself (a Teams
        invoke). None: a retry or a replay of a request accepted before (it does nothing twice). Without the
        database the request cannot be committed: it is handled as it comes (the router then apologises)."""
        try:
            accepted = await self.accept(key, event)
        except Exception as exc:
            log.warning("could not commit an inbound request before its ack (%s)", type(exc).__name__)
            return await self._router.handle(event)
        if accepted is None:
            log.info("an inbound request arrived again (a retry or a replay); it was handled the first time")
            return None
        return await self.handle(accepted, event)

    async def take(self, key: str, event: InboundEvent, *, then: Then, prepare: Prepare = _as_is) -> bool:
        """Commit the request and start its work in the background (`later`); the caller acks as soon as this
        returns. False: a retry or a replay of a request accepted before (nothing is done twice)."""
        try:
            accepted = await self.accept(key, event)
        except Exception as exc:  # no platform waits for a database that is away: handled as it comes
            log.warning("could not commit an inbound request before its ack (%s)", type(exc).__name__)
            self.later(None, event, then=then, prepare=prepare)
            return True
        if accepted is None:
            log.info("an inbound request arrived again (a retry or a replay); it was handled the first time")
            return False
        self.later(accepted, event, then=then, prepare=prepare)
        return True

    def later(self, request_id: int | None, event: InboundEvent, *, then: Then, prepare: Prepare = _as_is) -> None:
        """After the ack: complete the event (`prepare`, e.g. a display name from the Web API), handle it once
        and pass the replies to `then`; WORKING_AT_ONCE requests at a time, each starting when no ack is under
        way, and routed `handling_at_once` at a time. `request_id` None: a request the database could not take,
        handled as it comes. With QUEUED_AT_MOST already waiting, a committed request is left to `recover`."""
        if request_id is not None and len(self._waiting) >= QUEUED_AT_MOST:
            log.warning("too much inbound work waiting; a request is left to the next replica tick that recovers it")
            return
        deadline = self._ctx.clock.now() + LEASE - LEASE_MARGIN
        task = asyncio.create_task(self._work(request_id, event, then, prepare, deadline))
        self._waiting.add(task)
        task.add_done_callback(self._waiting.discard)

    async def _work(self, request_id: int | None, event: InboundEvent, then: Then, prepare: Prepare,
                    deadline: datetime) -> None:
        try:
            async with self._working:
                await self.acks.idle()
                if request_id is not None and self._ctx.clock.now() >= deadline:
                    log.warning("an inbound request waited until its lease nearly ran out; left to recovery")
                    return
                ready = await prepare(event)
                await self.acks.idle()  # between the stages too (never while routing: an invoke waits for that)
                async with self._handling:
                    replies = await (self._router.handle(ready) if request_id is None
                                     else self._run(request_id, ready))
                await self.acks.idle()
                await then(replies)
        except Exception:  # one request's failure must not reach the others (or the loop's exception handler)
            log.exception("inbound work after the ack failed")

    async def idle(self, within: float | None = None) -> bool:
        """Wait until no work started by `later` is waiting or running (at most `within` seconds; the work is
        never cancelled here). False when some is still going."""
        loop = asyncio.get_running_loop()
        until = None if within is None else loop.time() + within
        while self._waiting:
            left = None if until is None else until - loop.time()
            if left is not None and left <= 0:
                return False
            await asyncio.wait(set(self._waiting), timeout=left)
        return True

    async def accept(self, key: str, event: InboundEvent) -> int | None:
        """Commit the request; its id, or None when a request with this key was accepted before.

        One statement on the acknowledgement's path (INSERT … ON CONFLICT DO NOTHING RETURNING id), prepared
        once; the workspace's id is remembered after its first request (workspace rows are never deleted)."""
        now = self._ctx.clock.now()
        key = clean_text(key)[:200]  # a platform's ids may carry anything; PostgreSQL refuses NUL
        async with self._ctx.uow() as uow:
            session = uow.session
            row = {"workspace_id": await self._workspace_id(session, event.actor.platform, event.actor.workspace,
                                                            now),
                   "key": key, "event": event_to_json(event), "status": ACCEPTED, "claimed_by": self._worker,
                   "lease_until": now + LEASE, "received_at": now}
            added = (await session.exec(self._accepting(session), params=row)).scalar()
            if added is None:
                return None
            await uow.commit()
        return int(added)

    async def _workspace_id(self, session: AsyncSession, platform: str, external_id: str, now: datetime) -> int:
        known = self._workspaces.get((platform, external_id))
        if known is None:
            known = id_of(await queries.workspace_for(session, platform, external_id, now=now))
            self._workspaces[(platform, external_id)] = known
        return known

    def _accepting(self, session: AsyncSession) -> UpdateBase:
        """The accepting INSERT for the session's database, built once."""
        dialect = session.get_bind().dialect.name
        if dialect not in self._inserts:
            table = table_of(InboundRequest)
            insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            self._inserts[dialect] = insert(table).on_conflict_do_nothing(index_elements=["key"]).returning(table.c.id)
        return self._inserts[dialect]

    async def handle(self, request_id: int, event: InboundEvent) -> list[Reply]:
        """Run the request through the router; it is marked done with its effect (or after, if it changed nothing).

        At most `handling_at_once` requests are handled at a time; the others wait, committed, without taking
        the event loop's time: under a burst the acknowledgements (a commit each) keep coming within the
        platforms' limits and the work queues behind them, instead of every request slowing every other."""
        async with self._handling:
            return await self._run(request_id, event)

    async def _run(self, request_id: int, event: InboundEvent) -> list[Reply]:
        async def mark_done(uow: UnitOfWork) -> None:
            if not await self._mark_done(uow, request_id):
                raise AlreadyHandled(request_id)

        try:
            with joining_next_commit(mark_done):
                replies = await self._router.handle(event)
        except AlreadyHandled:  # its lease ran out and another replica finished it; nothing here is kept
            log.info("an inbound request was finished by another replica; this one's effect was rolled back")
            return []
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
