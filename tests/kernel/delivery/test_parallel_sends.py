"""Parallel sends: a port may have several sends to different conversations in flight (Teams reaches its pace only
so); each row is still fenced right before its own call, and one conversation's rows keep their order."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from sqlmodel import select

from bot.adapters.memory import MemoryChat
from bot.bootstrap import Container
from bot.kernel.chat.messages import Address, Message
from bot.kernel.delivery.dispatcher import Dispatcher, DispatchPolicy
from bot.kernel.delivery.outbox import Envelope, enqueue
from bot.kernel.storage.tables import Outbox, Workspace

WIDTH = 3


@dataclass
class Overlapping(MemoryChat):
    """Holds the first WIDTH posts until all of them are in flight together; notes when each call began."""

    in_flight: int = 0
    most: int = 0
    started: list[tuple[str, object]] = field(default_factory=list)
    _together: asyncio.Event = field(default_factory=asyncio.Event)

    async def post(self, to: Address, message: Message, *, key: str) -> str:
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        self.started.append((key, await _started_at(self.app, key)))
        if self.in_flight == WIDTH:
            self._together.set()
        if len(self.started) <= WIDTH:
            await self._together.wait()
        self.in_flight -= 1
        return await super().post(to, message, key=key)

    app: Container | None = None


async def _started_at(app: Container | None, key: str) -> object:
    assert app is not None
    async with app.ctx.uow() as uow:
        return (await uow.session.exec(select(Outbox.send_started_at).where(Outbox.idempotency_key == key))).one()


async def _seed(app: Container, count: int) -> None:
    now = app.ctx.clock.now()
    async with app.ctx.uow() as uow:
        workspace = Workspace(platform="console", external_id="T1", created_at=now)
        uow.session.add(workspace)
        await uow.flush()
        for i in range(count):
            await enqueue(uow.session, Envelope(workspace.id, f"k{i}", "prompt", "channel", Message(f"hei {i}"),
                                                due_at=now, channel_id=f"C{i % WIDTH}"), now=now)
        await uow.commit()


async def test_sends_to_different_conversations_overlap_and_each_conversation_keeps_its_order(
        app: Container) -> None:
    await _seed(app, 12)
    port = Overlapping(app.ctx.clock, verifiable=False, parallel_sends=WIDTH, app=app)
    dispatcher = Dispatcher(app.ctx.sessions, app.ctx.clock, {"console": port}, worker="a",
                            policy=DispatchPolicy(lease=timedelta(seconds=30)))
    result = await asyncio.wait_for(dispatcher.tick(), 30)  # a port that never overlapped would hang here
    assert result.sent == 12 and port.most == WIDTH
    assert all(started is not None for _, started in port.started)  # each fenced (and noted) before its call
    sent = [p.key for p in port.transcript]
    assert Counter(sent) == Counter(f"k{i}" for i in range(12))
    for channel in range(WIDTH):
        keys = [key for key in sent if int(key[1:]) % WIDTH == channel]
        assert keys == sorted(keys, key=lambda key: int(key[1:]))


async def test_a_one_wide_port_sends_in_claim_order(app: Container) -> None:
    await _seed(app, 6)
    port = MemoryChat(app.ctx.clock, verifiable=False)
    await Dispatcher(app.ctx.sessions, app.ctx.clock, {"console": port}, worker="a").tick()
    assert [p.key for p in port.transcript] == [f"k{i}" for i in range(6)]
