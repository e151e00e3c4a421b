"""Drain the outbox: claim due rows, send them through the right chat port, record the outcome.

The claim (with the attempt time) is committed before any platform call, so after a crash a row is
"maybe sent", never silently "not sent". Expired claims are settled: a verifiable port (Slack) is asked
whether the message went out; elsewhere the row becomes `uncertain` and is shown, not re-sent blindly.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import bindparam, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.errors import DeliveryError
from bot.kernel.chat.messages import Address, message_from_dict
from bot.kernel.chat.port import ChatPort
from bot.kernel.delivery import outbox
from bot.kernel.delivery.tables import SenderLease
from bot.kernel.storage.engine import SessionFactory
from bot.kernel.storage.tables import Outbox, OutboxStatus, Workspace, id_of, table_of

log = logging.getLogger(__name__)

#: the error code a port raises when it cannot tell whether the platform stored the message
MAYBE_SENT = "maybe_sent"


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
        worker: str, policy: DispatchPolicy | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._ports = ports
        self._worker = worker
        self._policy = policy or DispatchPolicy()
        self._workspaces: dict[int, tuple[str, str]] = {}
        self._stopping = False

    def stop(self) -> None:
        """Graceful shutdown: claim nothing more; rows claimed but not yet sent are released."""
        self._stopping = True

    async def release(self) -> None:
        """Hand our sender leases to the other replicas at once (after the last tick)."""
        async with self._sessions() as session:
            await outbox.release_senders(session, worker=self._worker)
            await session.commit()

    async def tick(self) -> TickResult:
        """Settle expired claims, then send due rows batch by batch until none are left.

        Each workspace we hold the sender lease for is drained by its own task: a send that waits for
        one workspace's pace (or a channel's) no longer holds up the other workspaces.
        """
        result = TickResult()
        await self._settle_expired(result)
        while not self._stopping:
            async with self._sessions() as session:
                now = self._clock.now()
                result.skipped += await outbox.skip_stale(session, now=now, grace=self._policy.grace)
                held = await outbox.hold_senders(session, now=now, worker=self._worker, lease=self._policy.lease)
                await session.commit()
            # Drains stop after a third of the lease, so the sender leases are renewed (above) long before
            # another replica could take them over, and workspaces that fall due meanwhile are taken up soon.
            until = now + self._policy.lease / 3
            claimed = await asyncio.gather(*(self._drain(ws, result, until) for ws in sorted(held)),
                                           return_exceptions=True)
            for outcome in claimed:
                if isinstance(outcome, BaseException):
                    raise outcome
            if not any(claimed):
                return result
        return result

    async def _drain(self, workspace_id: int, result: TickResult, until: datetime) -> int:
        """Send one workspace's due rows in order, batch by batch, until none are due or `until` passes."""
        claimed = 0
        while not self._stopping and (claimed == 0 or self._clock.now() < until):
            async with self._sessions() as session:
                rows = await outbox.claim_due(
                    session, now=self._clock.now(), worker=self._worker, lease=self._policy.lease,
                    limit=self._policy.batch_size, workspaces={workspace_id})
                await self._load_workspaces(session, rows)
                await session.commit()
            if not rows:
                break
            claimed += len(rows)
            renewer = asyncio.create_task(self._renew_leases([id_of(row) for row in rows]))
            try:
                outcomes = [await self._release(row) if self._stopping else await self._send(row, result)
                            for row in rows]
            finally:
                renewer.cancel()
            await self._record(outcomes)
        return claimed

    async def _release(self, row: Outbox) -> dict[str, object]:
        """Give an unsent claim back (shutdown): pending again, the attempt not counted."""
        return {"id": row.id, "status": OutboxStatus.PENDING.value, "lease_until": None,
                "attempts": max(0, row.attempts - 1), "attempted_at": None}

    async def _renew_leases(self, row_ids: list[int]) -> None:
        """Keep our claims while a slow batch is sending: renew every third of the lease."""
        every = self._policy.lease.total_seconds() / 3
        while True:
            await asyncio.sleep(every)
            async with self._sessions() as session:
                until = self._clock.now() + self._policy.lease
                await session.exec(update(Outbox).where(
                    col(Outbox.id).in_(row_ids), col(Outbox.claimed_by) == self._worker,
                    col(Outbox.status) == OutboxStatus.CLAIMED.value,
                ).values(lease_until=until))
                await session.exec(update(SenderLease).where(
                    col(SenderLease.holder) == self._worker).values(lease_until=until))
                await session.commit()

    async def _load_workspaces(self, session: AsyncSession, rows: list[Outbox]) -> None:
        missing = {row.workspace_id for row in rows} - self._workspaces.keys()
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
        if not port.verifiable:
            await self._mark_started(row)
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

    async def _mark_started(self, row: Outbox) -> None:
        """Commit that this row's call is starting: without read-back, only started sends can be "maybe sent"."""
        async with self._sessions() as session:
            await session.exec(update(Outbox).where(
                col(Outbox.id) == row.id, col(Outbox.claimed_by) == self._worker,
            ).values(send_started_at=self._clock.now()))
            await session.commit()

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
            await self._load_workspaces(session, rows)
            await session.commit()
        result.takeovers += len(rows)
        outcomes = [await self._settle(row, result) for row in rows]
        await self._record(outcomes)

    async def _settle(self, row: Outbox, result: TickResult) -> dict[str, object]:
        port, address = self._address(row)
        if port is not None and not port.verifiable and row.send_started_at is None:
            # The process stopped before this row's call began: it certainly did not go out.
            return {"id": row.id, "status": OutboxStatus.PENDING.value, "due_at": self._clock.now(),
                    "lease_until": None}
        if port is None or not port.verifiable or row.attempted_at is None:
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
