"""Workspaces are sent for side by side: one workspace's pace never holds up another's."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.adapters.memory import MemoryChat
from bot.bootstrap import Container
from bot.clock import ManualClock
from bot.kernel.chat.messages import Address, Message
from bot.kernel.delivery.dispatcher import Dispatcher, DispatchPolicy
from bot.kernel.delivery.outbox import Envelope, enqueue
from bot.kernel.storage.tables import Outbox, Workspace


class SlowWorkspace(MemoryChat):
    """Workspace T1 waits for its pace (here: until T2 has had a send); T2 goes at once."""

    def __init__(self, clock: ManualClock) -> None:
        super().__init__(clock)
        self.other_went = asyncio.Event()

    async def post(self, to: Address, message: Message, *, key: str) -> str:
        if to.workspace == "T1":
            await asyncio.wait_for(self.other_went.wait(), 2)
        else:
            self.other_went.set()
        return await super().post(to, message, key=key)


async def _seed(app: Container, per_workspace: int) -> None:
    """Rows grouped by workspace (T1's first), as a per-group fan-out enqueues them."""
    now = app.ctx.clock.now()
    async with app.ctx.uow() as uow:
        for team in ("T1", "T2"):
            workspace = Workspace(platform="console", external_id=team, created_at=now)
            uow.session.add(workspace)
            await uow.flush()
            for i in range(per_workspace):
                await enqueue(uow.session, Envelope(workspace.id, f"{team}:{i}", "prompt", "channel",
                                                    Message("hei"), due_at=now, channel_id=f"C{i}"), now=now)
        await uow.commit()


def _dispatcher(app: Container, chat: MemoryChat, batch: int = 3) -> Dispatcher:
    return Dispatcher(app.ctx.sessions, app.ctx.clock, {"console": chat}, worker="w1",
                      policy=DispatchPolicy(lease=timedelta(seconds=30), batch_size=batch))


async def test_a_workspace_waiting_for_its_pace_does_not_hold_up_another(app: Container, clock: ManualClock) -> None:
    await _seed(app, 5)
    chat = SlowWorkspace(clock)
    result = await _dispatcher(app, chat).tick()
    assert result.sent == 10
    first_t2 = next(i for i, p in enumerate(chat.transcript) if p.address.workspace == "T2")
    assert first_t2 == 0  # T2 went while T1's first send was still waiting


async def test_each_workspace_keeps_its_own_order_and_every_row_goes_once(app: Container, clock: ManualClock
                                                                          ) -> None:
    await _seed(app, 7)
    chat = MemoryChat(clock)
    await _dispatcher(app, chat).tick()
    for team in ("T1", "T2"):
        assert [p.key for p in chat.transcript if p.address.workspace == team] == [f"{team}:{i}" for i in range(7)]
    assert sorted(Counter(p.key for p in chat.transcript).values()) == [1] * 14
    async with app.ctx.uow() as uow:
        assert set((await uow.session.exec(select(Outbox.status))).all()) == {"sent"}


async def test_a_failing_workspace_lets_the_others_finish_and_the_error_surfaces(app: Container,
                                                                                 clock: ManualClock) -> None:
    class Crash(BaseException):
        """Not an Exception: escapes the send's own handling, like the process dying."""

    class Broken(MemoryChat):
        async def post(self, to: Address, message: Message, *, key: str) -> str:
            if to.workspace == "T1":
                raise Crash
            return await super().post(to, message, key=key)

    await _seed(app, 2)
    chat = Broken(clock)
    with pytest.raises(Crash):
        await _dispatcher(app, chat).tick()
    assert sorted(p.key for p in chat.transcript) == ["T2:0", "T2:1"]
