"""Outbox helpers for the fault suite: seed keyed rows, drain the outbox on the simulated clock, read statuses."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlmodel import select

from bot.bootstrap import Container
from bot.clock import ManualClock
from bot.kernel.chat.messages import Message
from bot.kernel.delivery.dispatcher import Dispatcher
from bot.kernel.delivery.outbox import Envelope, Target, enqueue
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Outbox, OutboxStatus

OPEN = (OutboxStatus.PENDING.value, OutboxStatus.CLAIMED.value)


async def seed(app: Container, platform: str, workspace: str, keys: list[str], *, channels: list[str],
               users: list[str] | None = None, dm_every: int = 0) -> None:
    """One row per key, due now: channel posts, and every `dm_every`-th a direct message."""
    now = app.ctx.clock.now()
    async with app.ctx.uow() as uow:
        owner = await queries.workspace_for(uow.session, platform, workspace, now=now)
        for i, key in enumerate(keys):
            target: Target = "dm" if dm_every and i % dm_every == dm_every - 1 else "channel"
            user = (users or ["U4"])[i % len(users or ["U4"])] if target == "dm" else None
            await enqueue(uow.session, Envelope(owner.id, key, "prompt", target, Message(key), now,
                                                channel_id=channels[i % len(channels)], user_id=user), now=now)
        await uow.commit()


async def statuses(app: Container) -> dict[str, str]:
    """Idempotency key → status."""
    async with app.ctx.uow() as uow:
        return dict((await uow.session.exec(select(Outbox.idempotency_key, Outbox.status))).all())


async def drain(app: Container, clock: ManualClock, *, dispatcher: Dispatcher | None = None, rounds: int = 60,
                step: timedelta = timedelta(seconds=7)) -> int:
    """Tick and let simulated time pass until no row is pending or claimed; returns the ticks it took."""
    for n in range(1, rounds + 1):
        await (dispatcher or app.dispatcher).tick()
        if not [s for s in (await statuses(app)).values() if s in OPEN]:
            return n
        clock.advance(step)
    raise AssertionError(f"the outbox did not drain: {Counter((await statuses(app)).values())}")


def tally(keys: list[str], delivered: Counter[str], final: dict[str, str], *, expected: set[str]) -> Counter[str]:
    """lost / duplicated / uncertain / failed for `keys`, where `expected` are the keys that should arrive."""
    result: Counter[str] = Counter(keys=len(keys))
    for key in keys:
        count = delivered.get(key, 0)
        result["duplicated"] += count > 1
        result["uncertain"] += final.get(key) == OutboxStatus.UNCERTAIN.value
        if key in expected:
            result["lost"] += count == 0 and final.get(key) != OutboxStatus.UNCERTAIN.value
        else:
            result["failed_visibly"] += final.get(key) == OutboxStatus.FAILED.value and count == 0
    return result
