"""The outbox: every outgoing message is a row with a unique idempotency key.

Rows are written in the same transaction as the state they describe, claimed with a lease by the
dispatcher (`FOR UPDATE SKIP LOCKED` where the database has it), and never sent twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.kernel.chat.messages import Message
from bot.kernel.delivery import wakeup
from bot.kernel.delivery.tables import SenderLease
from bot.kernel.storage.tables import Outbox, OutboxStatus

Target = Literal["channel", "private", "dm", "group"]


@dataclass(frozen=True)
class Envelope:
    """What to send, where and when; becomes one outbox row."""

    workspace_id: int
    key: str
    kind: str
    target: Target
    message: Message
    due_at: datetime
    channel_id: str | None = None
    user_id: str | None = None
    thread_ref: str | None = None
    priority: int = 5
    user_ids: tuple[str, ...] = ()  # target "group": the people in the conversation


async def enqueue(session: AsyncSession, envelope: Envelope, *, now: datetime) -> bool:
    """Add a row unless one with the same key exists; True when a row was added."""
    values = {
        "workspace_id": envelope.workspace_id,
        "idempotency_key": envelope.key,
        "kind": envelope.kind,
        "target": envelope.target,
        "channel_id": envelope.channel_id,
        "user_id": envelope.user_id,
        "user_ids": ",".join(envelope.user_ids) or None,
        "thread_ref": envelope.thread_ref,
        "payload": json.dumps(envelope.message.to_dict(), ensure_ascii=False),
        "priority": envelope.priority,
        "status": OutboxStatus.PENDING.value,
        "due_at": envelope.due_at,
        "attempts": 0,
        "created_at": now,
    }
    statement = _insert(session, Outbox).values(**values).on_conflict_do_nothing(index_elements=["idempotency_key"])
    result = await session.exec(statement)
    if result.rowcount:
        wakeup.mark_added(session)  # the dispatchers are rung when this transaction commits
    return bool(result.rowcount)


def _insert(session: AsyncSession, table: type[SQLModel]) -> postgresql.Insert | sqlite.Insert:
    """INSERT for the session's database, which both spell ON CONFLICT the same way."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


async def hold_senders(session: AsyncSession, *, now: datetime, worker: str, lease: timedelta) -> set[int]:
    """The workspaces with due rows that this worker may send for: it takes or renews their sender lease.

    Only one replica sends for a workspace at a time, so its pacing keeps the whole app inside the
    platform's per-workspace limits (caller commits).
    """
    due = await session.exec(select(col(Outbox.workspace_id)).where(
        col(Outbox.status) == OutboxStatus.PENDING.value, col(Outbox.due_at) <= now).distinct())
    held: set[int] = set()
    for workspace_id in due.all():
        statement = _insert(session, SenderLease).values(
            workspace_id=workspace_id, holder=worker, lease_until=now + lease)
        statement = statement.on_conflict_do_update(
            index_elements=["workspace_id"], set_={"holder": worker, "lease_until": now + lease},
            where=(col(SenderLease.lease_until) < now) | (col(SenderLease.holder) == worker))
        if (await session.exec(statement)).rowcount:
            held.add(workspace_id)
    return held


async def release_senders(session: AsyncSession, *, worker: str) -> None:
    """Give up every sender lease this worker holds (graceful shutdown)."""
    await session.exec(delete(SenderLease).where(col(SenderLease.holder) == worker))


async def claim_due(
    session: AsyncSession, *, now: datetime, worker: str, lease: timedelta, limit: int,
    workspaces: set[int] | None = None,
) -> list[Outbox]:
    """Claim up to `limit` due rows (of `workspaces`, if given) in one statement and record the attempt."""
    due = (
        select(col(Outbox.id))
        .where(col(Outbox.status) == OutboxStatus.PENDING.value, col(Outbox.due_at) <= now,
               *([col(Outbox.workspace_id).in_(workspaces)] if workspaces is not None else []))
        .order_by(col(Outbox.priority), col(Outbox.due_at), col(Outbox.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    statement = (
        update(Outbox)
        .where(col(Outbox.id).in_(due.scalar_subquery()))
        .values(
            status=OutboxStatus.CLAIMED.value,
            claimed_by=worker,
            lease_until=now + lease,
            attempted_at=now,
            send_started_at=None,
            attempts=col(Outbox.attempts) + 1,
        )
        .returning(Outbox)
    )
    rows: list[Outbox] = list((await session.exec(statement)).scalars().all())
    return sorted(rows, key=lambda row: (row.priority, row.due_at, row.id))


async def claim_expired(session: AsyncSession, *, now: datetime, worker: str, lease: timedelta) -> list[Outbox]:
    """Take over rows whose claim expired: they may or may not have been sent ("maybe sent")."""
    expired = (
        select(col(Outbox.id))
        .where(col(Outbox.status) == OutboxStatus.CLAIMED.value, col(Outbox.lease_until) < now)
        .limit(500)
        .with_for_update(skip_locked=True)
    )
    statement = (
        update(Outbox)
        .where(col(Outbox.id).in_(expired.scalar_subquery()))
        .values(claimed_by=worker, lease_until=now + lease)
        .returning(Outbox)
    )
    return list((await session.exec(statement)).scalars().all())


async def skip_stale(session: AsyncSession, *, now: datetime, grace: timedelta) -> int:
    """Mark pending rows older than the grace window as skipped (kept, visible, not sent)."""
    statement = (
        update(Outbox)
        .where(col(Outbox.status) == OutboxStatus.PENDING.value, col(Outbox.due_at) < now - grace,
               col(Outbox.attempts) == 0)
        .values(status=OutboxStatus.SKIPPED.value, last_error="stale: older than the grace window")
    )
    result = await session.exec(statement)
    return int(result.rowcount or 0)


async def cancel(session: AsyncSession, *, workspace_id: int, key_prefix: str) -> int:
    """Cancel pending rows whose key starts with `key_prefix` (e.g. a deleted milestone's nudges)."""
    statement = (
        update(Outbox)
        .where(
            col(Outbox.workspace_id) == workspace_id,
            col(Outbox.status) == OutboxStatus.PENDING.value,
            col(Outbox.idempotency_key).startswith(key_prefix),
        )
        .values(status=OutboxStatus.CANCELLED.value)
    )
    return int((await session.exec(statement)).rowcount or 0)

