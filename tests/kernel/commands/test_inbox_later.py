"""Work after the ack (`Inbox.take` / `Inbox.later`): committed first, handled once in the background, started
only while no acknowledgement is under way, and left to `recover` when it cannot be started in time."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import col, select

from bot.bootstrap import Container
from bot.clock import ManualClock
from bot.kernel.chat.events import Actor, CommandEvent
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.commands import inbox as inbox_module
from bot.kernel.commands.inbox import LEASE, Inbox
from bot.kernel.storage.tables import ACCEPTED, DONE, Group, InboundRequest


class Router:
    """Answers every request with its own text; `gate` (when set) holds each one until released."""

    def __init__(self, gate: asyncio.Event | None = None) -> None:
        self.seen: list[str] = []
        self.gate = gate

    async def handle(self, event: Any) -> list[Reply]:
        if self.gate is not None:
            await self.gate.wait()
        self.seen.append(event.text)
        return [Reply(Message(f"answer to {event.text}"))]


def command(n: int) -> CommandEvent:
    return CommandEvent(Actor("console", "T1", f"u{n}"), "C1", f"request {n}")


class Answers:
    def __init__(self) -> None:
        self.got: list[str] = []

    async def __call__(self, replies: list[Reply]) -> None:
        self.got += [r.message.text for r in replies if r.message is not None]


async def statuses(app: Container) -> dict[str, str]:
    async with app.ctx.uow() as uow:
        return {row.key: row.status for row in (await uow.session.exec(select(InboundRequest))).all()}


async def test_a_taken_request_is_handled_once_after_the_ack_and_a_repeat_only_gets_the_ack(app: Container) -> None:
    router, answers = Router(), Answers()
    inbox = Inbox(app.ctx, router, worker="w")  # type: ignore[arg-type]
    named: list[str] = []

    async def prepare(event: CommandEvent) -> CommandEvent:
        named.append(event.actor.user)
        return event

    assert await inbox.take("k1", command(1), then=answers, prepare=prepare)  # type: ignore[arg-type]
    assert await statuses(app) == {"k1": ACCEPTED}  # committed before the caller acks; the work comes after
    assert await inbox.idle(5)
    assert answers.got == ["answer to request 1"] and named == ["u1"]
    assert await statuses(app) == {"k1": DONE}
    assert not await inbox.take("k1", command(1), then=answers)  # Slack's retry or a replay
    assert await inbox.idle(5)
    assert router.seen == ["request 1"] and answers.got == ["answer to request 1"]


async def test_work_waits_while_an_ack_is_under_way(app: Container) -> None:
    router, answers = Router(), Answers()
    inbox = Inbox(app.ctx, router, worker="w")  # type: ignore[arg-type]
    with inbox.acks.during():  # the next request is being acknowledged
        assert await inbox.take("k1", command(1), then=answers)
        assert not await inbox.idle(0.2)
        assert router.seen == []
    assert await inbox.idle(5)
    assert router.seen == ["request 1"]


async def test_beyond_the_queue_a_committed_request_is_left_to_recover(
        app: Container, clock: ManualClock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inbox_module, "QUEUED_AT_MOST", 2)
    gate = asyncio.Event()
    router, answers = Router(gate), Answers()
    inbox = Inbox(app.ctx, router, worker="w")  # type: ignore[arg-type]
    for n in range(3):
        assert await inbox.take(f"k{n}", command(n), then=answers)  # all three acknowledged (committed)
    gate.set()
    assert await inbox.idle(5)
    assert sorted(router.seen) == ["request 0", "request 1"]
    assert (await statuses(app))["k2"] == ACCEPTED  # not lost: it waits in the table
    clock.advance(LEASE + timedelta(seconds=1))
    assert await inbox.recover() == 1
    assert sorted(router.seen) == ["request 0", "request 1", "request 2"]
    assert set((await statuses(app)).values()) == {DONE}


async def test_work_that_waited_until_its_lease_nearly_ran_out_is_left_to_recover(
        app: Container, clock: ManualClock) -> None:
    router, answers = Router(), Answers()
    inbox = Inbox(app.ctx, router, worker="w")  # type: ignore[arg-type]
    with inbox.acks.during():
        assert await inbox.take("k1", command(1), then=answers)
        clock.advance(LEASE)  # acknowledgements kept coming for the whole lease
    assert await inbox.idle(5)
    assert router.seen == [] and answers.got == []  # not started late: another replica may have it by now
    clock.advance(timedelta(seconds=1))
    assert await inbox.recover() == 1  # handled once, answered through the outbox
    assert router.seen == ["request 1"]


async def test_without_the_database_a_request_is_still_handled(app: Container,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    router, answers = Router(), Answers()
    inbox = Inbox(app.ctx, router, worker="w")  # type: ignore[arg-type]

    async def away(key: str, event: Any) -> int | None:
        raise ConnectionRefusedError

    monkeypatch.setattr(inbox, "accept", away)
    assert await inbox.take("k1", command(1), then=answers)
    assert await inbox.idle(5)
    assert answers.got == ["answer to request 1"]  # acknowledged and handled as it came


async def test_a_failing_answer_does_not_stop_the_others(app: Container) -> None:
    router = Router()
    inbox = Inbox(app.ctx, router, worker="w")  # type: ignore[arg-type]
    delivered: list[str] = []

    async def flaky(replies: list[Reply]) -> None:
        text = replies[0].message.text if replies and replies[0].message else ""
        if text.endswith("0"):
            raise RuntimeError("the platform refused")
        delivered.append(text)

    for n in range(3):
        assert await inbox.take(f"k{n}", command(n), then=flaky)
    assert await inbox.idle(5)
    assert sorted(delivered) == ["answer to request 1", "answer to request 2"]
    assert set((await statuses(app)).values()) == {DONE}  # handled once; only the answer failed


async def test_a_request_another_replica_finished_is_neither_applied_nor_answered_here(app: Container) -> None:
    event = CommandEvent(Actor("console", "T1", "kari"), "C-bodo", "/samskaping oppsett Bodø")
    request_id = await app.inbox.accept("k1", event)
    assert request_id is not None
    async with app.ctx.uow() as uow:  # this replica stalled: its lease ran out and another one finished it
        await uow.session.exec(update(InboundRequest).where(col(InboundRequest.id) == request_id)
                               .values(claimed_by="another", status=DONE))
        await uow.commit()
    assert await app.inbox.handle(request_id, event) == []  # no answer (not even an apology) from here
    async with app.ctx.uow() as uow:
        assert (await uow.session.exec(select(Group))).all() == []  # and its effect was rolled back
