"""Drain the outbox: claim due rows, send them through the right chat port, record the outcome.

The claim (with the attempt time) is committed before any platform call, so after a crash a row is
"maybe sent", never silently "not sent". Expired claims are settled: a verifiable port (Slack) is asked
whether the message went out; elsewhere the row becomes `uncertain` and is shown, not re-sent blindly.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import random
from collections import Counter
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Update, bindparam, update
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.errors import DeliveryError
from bot.kernel.chat.messages import Address, message_from_dict
from bot.kernel.chat.port import ChatPort
from bot.kernel.delivery import outbox
from bot.kernel.delivery.tables import SenderLease
from bot.kernel.delivery.wakeup import next_due
from bot.kernel.storage.changes import unseen
from bot.kernel.storage.engine import SessionFactory
from bot.kernel.storage.tables import Outbox, OutboxStatus, Workspace, id_of, table_of

log = logging.getLogger(__name__)

#: the error code a port raises when it cannot tell whether the platform stored the message
MAYBE_SENT = "maybe_sent"
#: a batch holds at most what the platform takes in this share of the lease
BATCH_SHARE_OF_LEASE = 1 / 3
#: a row is sent only while its lease and the workspace's still run this share of a lease ahead
FENCE_MARGIN = 1 / 3
RENEW_RETRY_SECONDS = 1.0


@dataclass
class TickResult:
    """What one tick did, for logs, metrics and tests."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    uncertain: int = 0
    takeovers: int = 0
    #: (platform, outcome) → count; outcome is "sent", "uncertain" or the platform's error code
    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)

    def count(self, row_platform: str, outcome: str) -> None:
        self.outcomes[(row_platform or "unknown", outcome)] += 1


class _FenceLine:
    """The connection a tick's fences share, in autocommit: a compare-and-set is one statement, one round trip.

    A session of its own per fence cost a pool checkout (on PostgreSQL a ping), BEGIN, COMMIT and the reset on
    return, several times the statement itself; each statement is atomic alone, which is all a fence needs. One
    statement at a time, the clock read once it is the fence's turn. After any error the line is closed (the
    fence fails: nothing is sent) and the next fence opens a new one through the session factory.
    """

    def __init__(self, sessions: SessionFactory) -> None:
        self._sessions = sessions
        self._turn = asyncio.Lock()
        self._held: contextlib.AsyncExitStack | None = None
        self._connection: AsyncConnection | None = None

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[AsyncConnection]:
        async with self._turn:
            try:
                if self._connection is None:
                    self._held = contextlib.AsyncExitStack()
                    session = await self._held.enter_async_context(self._sessions())
                    self._connection = await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
                yield self._connection
            except BaseException:
                await self.close()
                raise

    async def close(self) -> None:
        held, self._held, self._connection = self._held, None, None
        if held is not None:
            with contextlib.suppress(Exception):  # a connection that broke is given back as it is
                await held.aclose()


@dataclass
class _Batch:
    """One claimed batch in flight: the rows not yet done, and whether its claim was lost."""

    workspace_id: int
    open: set[int]
    #: the connection this batch's fences run on (one per tick)
    line: _FenceLine
    lost: bool = False
    #: rows the last batch-wide fence found ours, and until when that fence may be relied on
    fenced: set[int] = field(default_factory=set)
    fenced_until: datetime = datetime.min.replace(tzinfo=UTC)
    #: the workspace's sender lease as this process last extended it: nobody else can take it before then
    sender_until: datetime = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class DispatchPolicy:
    lease: timedelta = timedelta(seconds=30)
    grace: timedelta = timedelta(hours=48)
    batch_size: int = 200
    max_attempts: int = 8


def backoff(attempts: int, retry_after: float | None) -> timedelta:
    """Wait before the next attempt: the platform's Retry-After, else jittered exponential (max 1 h)."""
    if retry_after is not None:
        return timedelta(seconds=retry_after)
    base = min(3600.0, 5.0 * 2 ** max(0, attempts - 1))
    return timedelta(seconds=base * (0.5 + random.random() / 2))  # noqa: S311 - jitter, not security


class Dispatcher:
    """Sends due outbox rows; safe to run in several processes against PostgreSQL."""

    def __init__(
        self, sessions: SessionFactory, clock: Clock, ports: Mapping[str, ChatPort], *,
        worker: str, policy: DispatchPolicy | None = None, on_failed: Callable[[], None] | None = None,
    ) -> None:
        self._sessions = sessions
        #: called after a tick in which a send failed for good (the planners then look again)
        self._on_failed = on_failed
        self._clock = clock
        self._ports = ports
        self._worker = worker
        self._policy = policy or DispatchPolicy()
        self._workspaces: dict[int, tuple[str, str]] = {}
        self._stopping = False
        #: claims given back unsent because of a graceful stop
        self.released = 0

    def stop(self) -> None:
        """Graceful shutdown: claim nothing more; rows claimed but not yet sent are released."""
        self._stopping = True

    async def release(self) -> None:
        """Hand our sender leases to the other replicas at once (after the last tick)."""
        async with self._sessions() as session:
            await outbox.release_senders(session, worker=self._worker)
            await session.commit()

    async def tick(self, *, probed: bool = False, due: datetime | None = None) -> TickResult:
        """Settle expired claims, then send due rows batch by batch until none are left.

        Each workspace we hold the sender lease for is drained by its own task: a send that waits for
        one workspace's pace (or a channel's) no longer holds up the other workspaces. Its writes (claims,
        outcomes) do not wake resting planners: none plans from the outbox's states (bot.kernel.delivery.planning).
        """
        with unseen():
            result = await self._tick(probed, due)
        if result.failed and self._on_failed is not None:
            self._on_failed()
        return result

    async def _tick(self, probed: bool, due: datetime | None) -> TickResult:
        result = TickResult()
        if not probed:
            due = await next_due(self._sessions)
        if due is None or due > self._clock.now():
            return result  # nothing pending is due and no claim has expired: one read, no writes
        await self._settle_expired(result)
        line = _FenceLine(self._sessions)
        try:
            return await self._send_due(result, line)
        finally:
            await line.close()

    async def _send_due(self, result: TickResult, line: _FenceLine) -> TickResult:
        while not self._stopping:
            async with self._sessions() as session:
                now = self._clock.now()
                result.skipped += await outbox.skip_stale(session, now=now, grace=self._policy.grace)
                held = await outbox.hold_senders(session, now=now, worker=self._worker, lease=self._policy.lease)
                await session.commit()
            # Drains stop after a third of the lease, so the sender leases are renewed (above) long before
            # another replica could take them over, and workspaces that fall due meanwhile are taken up soon.
            until = now + self._policy.lease / 3
            left = await asyncio.gather(*(self._drain(ws, result, until, line) for ws in sorted(held)),
                                        return_exceptions=True)
            for outcome in left:
                if isinstance(outcome, BaseException):
                    raise outcome
            if not any(left):
                return result
        return result

    async def _drain(self, workspace_id: int, result: TickResult, until: datetime, line: _FenceLine) -> bool:
        """Send one workspace's due rows in order, batch by batch, until none are due or `until` passes.

        True when due rows may be left (it stopped for time, or lost its claim). A batch smaller than the limit
        took every row due when it was claimed: the drain ends there, without a claim that would find nothing
        (rows enqueued since ring the bell for another tick).
        """
        claimed = 0
        while not self._stopping and (claimed == 0 or self._clock.now() < until):
            async with self._sessions() as session:
                await self._load_workspaces(session, {workspace_id})
                limit = self._batch_limit(workspace_id)
                rows = await outbox.claim_due(session, now=self._clock.now(), worker=self._worker,
                                              lease=self._policy.lease, limit=limit, workspaces={workspace_id})
                await session.commit()
            if not rows:
                return False
            claimed += len(rows)
            batch = _Batch(workspace_id, {id_of(row) for row in rows}, line)
            renewer = asyncio.create_task(self._keep_leases(batch))
            try:
                outcomes = await self._send_batch(rows, batch, result)
            finally:
                renewer.cancel()
                await asyncio.gather(renewer, return_exceptions=True)  # read its end, whatever it was
            await self._record(outcomes)
            if batch.lost:
                log.warning("lost the claim on workspace %s mid-batch: %d rows left to their new holder",
                            workspace_id, sum(1 for row in rows if id_of(row) in batch.open))
                return True
            if len(rows) < limit:
                return False
        return claimed > 0

    def _batch_limit(self, workspace_id: int) -> int:
        """No more rows than the platform takes in a third of the lease, so a batch never outlives its claim."""
        platform = self._workspaces.get(workspace_id, ("", ""))[0]
        port = self._ports.get(platform)
        if port is None:
            return self._policy.batch_size
        paced = int(port.sends_per_second * self._policy.lease.total_seconds() * BATCH_SHARE_OF_LEASE)
        return max(1, min(self._policy.batch_size, paced))

    async def _send_batch(self, rows: list[Outbox], batch: _Batch, result: TickResult) -> list[dict[str, object]]:
        """Each row: released on shutdown, skipped once the batch lost its claim, else fenced, then sent.

        Up to the port's `parallel_sends` rows are in flight at once (pacing still decides when each call
        goes), taken in order; a row waits for the row before it in the same conversation. If one send dies,
        the others are cancelled with it, as they would be with the process.
        """
        outcomes: list[dict[str, object]] = []
        port = self._address(rows[0])[0] if rows else None
        slots = asyncio.Semaphore(max(1, port.parallel_sends) if port is not None else 1)
        previous: dict[tuple[str, str | None], asyncio.Task[None]] = {}
        died: list[BaseException] = []

        async def in_turn(row: Outbox, before: asyncio.Task[None] | None) -> None:
            try:
                if before is not None:
                    await asyncio.wait({before})
                outcome = await self._send_one(row, batch, result)
                if outcome is not None:
                    outcomes.append(outcome)
            except BaseException as exc:
                died.append(exc)
                raise
            finally:
                slots.release()

        tasks: list[asyncio.Task[None]] = []
        try:
            for row in rows:
                await slots.acquire()
                if died:
                    break
                lane = _conversation(row)
                previous[lane] = asyncio.create_task(in_turn(row, previous.get(lane)))
                tasks.append(previous[lane])
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        return outcomes

    async def _send_one(self, row: Outbox, batch: _Batch, result: TickResult) -> dict[str, object] | None:
        if self._stopping:
            self.released += 1
            batch.open.discard(id_of(row))
            return self._release(row)
        if batch.lost:
            return None  # whoever holds the rows now decides; nothing more is sent from this stale batch
        try:
            return await self._send(row, result) if await self._fence(row, batch) else None
        finally:
            batch.open.discard(id_of(row))

    async def _fence(self, row: Outbox, batch: _Batch) -> bool:
        """Right before the platform call: is the row (and the workspace) still safely ours? False stops the batch.

        A compare-and-set checks that the rows are still claimed by this worker and that their leases and the
        workspace's sender lease run at least FENCE_MARGIN of a lease ahead, and extends them. For a verifiable
        row one fence covers the whole batch for FENCE_MARGIN of a lease (nobody can take a row over before its
        lease ends, so a fence that recent still holds); the clock is read here, right before the call, so a
        process that stalled longer than that fences again. A row that cannot be looked up afterwards is fenced
        on its own, recording that its call starts; the sender lease is checked (and extended) in the database
        only when the extension this batch last made runs less than FENCE_MARGIN of a lease ahead, by the
        same reasoning.
        """
        now = self._clock.now()
        port = self._address(row)[0]
        whole_batch = port is not None and _verifiable(port, row)
        if whole_batch and now < batch.fenced_until and id_of(row) in batch.fenced:
            return True
        # only started sends can be "maybe sent" where nothing can be looked up: those record their start
        ids = sorted(batch.open) if whole_batch else [id_of(row)]
        fenced = await self._compare_and_set(ids, batch, started=not whole_batch)
        if fenced is None or id_of(row) not in fenced[1]:
            log.warning("outbox row %s is no longer safely ours; the batch stops", row.id)
            batch.lost = True
            return False
        if len(ids) > 1:
            batch.fenced, batch.fenced_until = fenced[1], fenced[0] + self._policy.lease * FENCE_MARGIN
        return True

    async def _compare_and_set(self, ids: list[int], batch: _Batch, *,
                               started: bool) -> tuple[datetime, set[int]] | None:
        """When it ran, and the ids of `ids` still safely ours (now extended, and for a `started` row its start
        recorded); None when the workspace is not (or the database cannot be reached)."""
        sender, one, many = _fence_statements()
        try:
            async with batch.line.connection() as connection:
                now = self._clock.now()
                fresh, until = now + self._policy.lease * FENCE_MARGIN, now + self._policy.lease
                check_sender = batch.sender_until <= fresh
                params = {"p_worker": self._worker, "p_fresh": fresh, "p_until": until}
                if check_sender and not (await connection.execute(
                        sender, {**params, "p_workspace": batch.workspace_id})).rowcount:
                    return None
                if started:  # one row: its count says it all (no rows to fetch back)
                    [row] = ids
                    counted = await connection.execute(one, {**params, "p_row": row, "p_started": now})
                    mine = {row} if counted.rowcount else set()
                else:
                    mine = set((await connection.execute(many, {**params, "p_ids": ids})).scalars().all())
        except Exception as exc:  # the database is away: without a fence nothing is sent
            log.warning("could not fence the batch of workspace %s (%s)", batch.workspace_id, type(exc).__name__)
            return None
        if check_sender:
            batch.sender_until = max(batch.sender_until, until)
        return now, mine

    @staticmethod
    def _release(row: Outbox) -> dict[str, object]:
        """Give an unsent claim back (shutdown): pending again, the attempt not counted."""
        return {"id": row.id, "status": OutboxStatus.PENDING.value, "lease_until": None,
                "attempts": max(0, row.attempts - 1), "attempted_at": None}

    async def _keep_leases(self, batch: _Batch) -> None:
        """Renew the batch's claims and the workspace's sender lease every third of the lease while it sends.

        A failed round trip is retried every second; when the leases cannot be renewed before they would
        need renewing again, or the workspace is no longer ours, the batch is marked lost and stops.
        """
        every = self._policy.lease.total_seconds() / 3
        while not batch.lost:
            await asyncio.sleep(every)
            give_up = asyncio.get_running_loop().time() + every
            while True:
                try:
                    held = await self._renew(batch)
                    break
                except Exception as exc:
                    log.warning("lease renewal for workspace %s failed (%s); retrying", batch.workspace_id,
                                type(exc).__name__)
                    if asyncio.get_running_loop().time() + RENEW_RETRY_SECONDS >= give_up:
                        held = False
                        break
                    await asyncio.sleep(RENEW_RETRY_SECONDS)
            if not held:
                log.warning("could not keep the leases of workspace %s; its batch stops", batch.workspace_id)
                batch.lost = True

    async def _renew(self, batch: _Batch) -> bool:
        """One renewal round trip; False when the workspace's sender lease is no longer ours."""
        ids = sorted(batch.open)
        async with self._sessions() as session:
            until = self._clock.now() + self._policy.lease
            rows = await session.exec(update(Outbox).where(
                col(Outbox.id).in_(ids), col(Outbox.claimed_by) == self._worker,
                col(Outbox.status) == OutboxStatus.CLAIMED.value,
            ).values(lease_until=until))
            sender = await session.exec(update(SenderLease).where(
                col(SenderLease.workspace_id) == batch.workspace_id,
                col(SenderLease.holder) == self._worker).values(lease_until=until))
            await session.commit()
        if sender.rowcount:
            batch.sender_until = until
        if (rows.rowcount or 0) < len(ids):  # the fence skips the others; worth knowing why they went
            log.warning("renewed %d of %d claims in workspace %s", rows.rowcount or 0, len(ids), batch.workspace_id)
        return bool(sender.rowcount)

    async def _load_workspaces(self, session: AsyncSession, ids: set[int]) -> None:
        missing = ids - self._workspaces.keys()
        if missing:
            found = await session.exec(select(Workspace).where(col(Workspace.id).in_(missing)))
            for ws in found:
                self._workspaces[id_of(ws)] = (ws.platform, ws.external_id)

    def _address(self, row: Outbox) -> tuple[ChatPort | None, Address]:
        platform, external = self._workspaces.get(row.workspace_id, ("", ""))
        users = tuple(u for u in (row.user_ids or "").split(",") if u)
        return self._ports.get(platform), Address(external, row.channel_id, row.user_id, row.thread_ref, users)

    async def _send(self, row: Outbox, result: TickResult) -> dict[str, object]:
        port, address = self._address(row)
        now = self._clock.now()
        if port is None:
            result.failed += 1
            return {"id": row.id, "status": OutboxStatus.FAILED.value, "last_error": "no chat port for platform"}
        message = message_from_dict(json.loads(row.payload))
        send = {"channel": port.post, "private": port.post_private, "dm": port.send_dm,
                "group": port.send_group}[row.target]
        try:
            ref = await send(address, message, key=row.idempotency_key)
        except DeliveryError as exc:
            return self._failure(row, exc, now, result)
        except Exception as exc:  # a bug or an unexpected transport error: retry with backoff, keep visible
            log.exception("send failed for outbox row %s (%s)", row.id, row.kind)
            return self._failure(row, DeliveryError(type(exc).__name__), now, result)
        result.sent += 1
        result.count(port.platform, "sent")
        return {"id": row.id, "status": OutboxStatus.SENT.value, "sent_at": now, "platform_ref": ref,
                "lease_until": None, "last_error": None}

    def _failure(self, row: Outbox, exc: DeliveryError, now: datetime, result: TickResult) -> dict[str, object]:
        result.count(self._workspaces.get(row.workspace_id, ("", ""))[0], exc.code)
        if exc.code == MAYBE_SENT:
            # The platform may have the message (e.g. the connection dropped after the request went out):
            # leave the claim to expire now (or after Retry-After), so a tick settles it like a crashed send.
            first = exc.retry_after is None and row.attempts <= 1  # repeated unsure sends back off
            return self._still_maybe_sent(row, exc.code, now, timedelta(0) if first else backoff(
                row.attempts, exc.retry_after))
        if exc.permanent or row.attempts >= self._policy.max_attempts:
            result.failed += 1
            return {"id": row.id, "status": OutboxStatus.FAILED.value, "last_error": exc.code[:500],
                    "lease_until": None}
        result.retried += 1
        values: dict[str, object] = {"id": row.id, "status": OutboxStatus.PENDING.value, "last_error": exc.code[:500],
                                     "due_at": now + backoff(row.attempts, exc.retry_after), "lease_until": None}
        if exc.retry_after is not None:  # told to wait (429, pacing): waiting is not a failed attempt
            values["attempts"] = max(0, row.attempts - 1)
        return values

    @staticmethod
    def _still_maybe_sent(row: Outbox, code: str, now: datetime, wait: timedelta) -> dict[str, object]:
        """Keep the claim (never pending: that would post blindly); it is settled once `lease_until` passes."""
        return {"id": row.id, "status": OutboxStatus.CLAIMED.value, "lease_until": now + wait,
                "last_error": code[:500]}

    async def _record(self, outcomes: list[dict[str, object]]) -> None:
        """Write outcomes with one executemany per shape of update (fast; only rows we still hold)."""
        table = table_of(Outbox)
        shapes: dict[tuple[str, ...], list[dict[str, object]]] = {}
        for values in outcomes:
            shapes.setdefault(tuple(sorted(k for k in values if k != "id")), []).append(values)
        async with self._sessions() as session:
            for columns, rows in shapes.items():
                statement = (update(table)
                             .where(table.c.id == bindparam("row_id"), table.c.claimed_by == self._worker)
                             .values({c: bindparam(f"v_{c}") for c in columns}))
                params = [{"row_id": r["id"], **{f"v_{c}": r[c] for c in columns}} for r in rows]
                await (await session.connection()).execute(statement, params)
            await session.commit()

    async def _settle_expired(self, result: TickResult) -> None:
        async with self._sessions() as session:
            rows = await outbox.claim_expired(
                session, now=self._clock.now(), worker=self._worker, lease=self._policy.lease
            )
            await self._load_workspaces(session, {row.workspace_id for row in rows})
            await session.commit()
        result.takeovers += len(rows)
        outcomes = [await self._settle(row, result) for row in rows]
        await self._record(outcomes)

    async def _settle(self, row: Outbox, result: TickResult) -> dict[str, object]:
        port, address = self._address(row)
        if port is not None and not _verifiable(port, row) and row.send_started_at is None:
            # The process stopped before this row's call began: it certainly did not go out.
            return {"id": row.id, "status": OutboxStatus.PENDING.value, "due_at": self._clock.now(),
                    "lease_until": None}
        if port is None or not _verifiable(port, row) or row.attempted_at is None:
            result.uncertain += 1
            result.count(port.platform if port else "", "uncertain")
            return {"id": row.id, "status": OutboxStatus.UNCERTAIN.value, "lease_until": None,
                    "last_error": "maybe sent: the process stopped during the send"}
        try:
            ref = await port.find_sent(address, row.idempotency_key, row.attempted_at - timedelta(seconds=5))
        except DeliveryError as exc:  # could not look: still maybe sent, looked up again after a backoff
            if exc.permanent:
                return self._failure(row, exc, self._clock.now(), result)
            result.count(port.platform, f"lookup:{exc.code}")
            return self._still_maybe_sent(row, exc.code, self._clock.now(), backoff(row.attempts, exc.retry_after))
        if ref is not None:
            result.sent += 1
            return {"id": row.id, "status": OutboxStatus.SENT.value, "sent_at": row.attempted_at,
                    "platform_ref": ref, "lease_until": None}
        return {"id": row.id, "status": OutboxStatus.PENDING.value, "due_at": self._clock.now(),
                "lease_until": None}


@functools.cache
def _fence_statements() -> tuple[Update, Update, Update]:
    """The fence's statements (sender lease; one started row; a batch), built once: building and keying them
    for every send cost more than running them."""
    senders, rows = table_of(SenderLease), table_of(Outbox)
    sender = update(senders).where(
        senders.c.workspace_id == bindparam("p_workspace"), senders.c.holder == bindparam("p_worker"),
        senders.c.lease_until > bindparam("p_fresh")).values(lease_until=bindparam("p_until"))
    ours = (rows.c.claimed_by == bindparam("p_worker"), rows.c.status == OutboxStatus.CLAIMED.value,
            rows.c.lease_until > bindparam("p_fresh"))
    one = update(rows).where(rows.c.id == bindparam("p_row"), *ours).values(
        lease_until=bindparam("p_until"), send_started_at=bindparam("p_started"))
    many = update(rows).where(rows.c.id.in_(bindparam("p_ids", expanding=True)), *ours).values(
        lease_until=bindparam("p_until")).returning(rows.c.id)
    return sender, one, many


def _conversation(row: Outbox) -> tuple[str, str | None]:
    """Rows that land in the same conversation (a channel, a person's private messages, a group)."""
    if row.target == "channel":
        return "channel", row.channel_id
    if row.target == "group":
        return "group", row.user_ids
    return "person", row.user_id


def _verifiable(port: ChatPort, row: Outbox) -> bool:
    """Whether the platform can tell afterwards that this row went out (private messages carry no key)."""
    return port.verifiable and row.target != "private"
