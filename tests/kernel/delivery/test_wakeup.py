"""Wake-up: a committed outbox row rings this process's dispatcher at once, and on PostgreSQL every replica."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.adapters.memory import MemoryChat
from bot.bootstrap import Container, build
from bot.clock import ManualClock
from bot.kernel.chat.messages import Message
from bot.kernel.delivery.outbox import Envelope, enqueue
from bot.kernel.delivery.wakeup import listen, next_due
from bot.kernel.storage import queries
from bot.settings import Settings


async def _enqueue(app: Container, key: str, *, commit: bool = True, later: timedelta = timedelta(0)) -> None:
    now = app.ctx.clock.now()
    async with app.ctx.uow() as uow:
        owner = await queries.workspace_for(uow.session, "console", "T1", now=now)
        await enqueue(uow.session, Envelope(owner.id, key, "prompt", "channel", Message(key), now + later,
                                            channel_id="C1"), now=now)
        if commit:
            await uow.commit()


async def _until(predicate: object, seconds: float = 20.0) -> None:
    """Wait until `predicate()` holds (a safeguard against hanging, not a timing assertion)."""
    async def poll() -> None:
        while not predicate():  # type: ignore[operator]  # noqa: ASYNC110 - polls a transcript, no event
            await asyncio.sleep(0.01)
    await asyncio.wait_for(poll(), seconds)


async def test_a_committed_row_is_delivered_at_once_not_at_the_next_tick(app: Container, chat: MemoryChat) -> None:
    loop = asyncio.create_task(app.wakeup.run())  # the tick interval is 15 s; nothing is due yet
    try:
        await asyncio.sleep(0.05)
        await _enqueue(app, "now:1")
        await _until(lambda: len(chat.transcript) == 1)
    finally:
        loop.cancel()
    assert [p.key for p in chat.transcript] == ["now:1"]


async def test_a_rolled_back_row_rings_nothing_and_the_next_due_moment_is_known(app: Container,
                                                                               clock: ManualClock) -> None:
    await _enqueue(app, "rolled-back", commit=False)
    assert await next_due(app.ctx.sessions) is None
    await _enqueue(app, "later", later=timedelta(minutes=5))
    due = await next_due(app.ctx.sessions)
    assert due is not None and due.replace(tzinfo=clock.now().tzinfo) == clock.now() + timedelta(minutes=5)


async def test_on_postgres_another_replica_is_rung_by_notify(settings: Settings, clock: ManualClock) -> None:
    if settings.is_sqlite:
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's")
    sender = build(settings, clock=clock, ports={"console": MemoryChat(clock)})
    listener = build(settings, clock=clock, ports={"console": MemoryChat(clock)})
    heard = asyncio.Event()
    listening = asyncio.create_task(listen(listener.engine, heard.set))
    try:
        await asyncio.wait_for(heard.wait(), 20)  # it rings once when it starts listening
        heard.clear()
        await _enqueue(sender, "other-replica")
        await asyncio.wait_for(heard.wait(), 20)
    finally:
        listening.cancel()
        await asyncio.gather(listening, return_exceptions=True)
        await sender.close()
        await listener.close()
