"""Delivery through the outbox: once, never lost, visible when it fails — across crashes and replicas."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.adapters.memory import MemoryChat
from bot.bootstrap import Container, build
from bot.clock import ManualClock
from bot.errors import DeliveryError
from bot.kernel.chat.messages import Address, Message
from bot.kernel.delivery.dispatcher import Dispatcher, DispatchPolicy
from bot.kernel.delivery.outbox import Envelope, enqueue
from bot.kernel.storage.tables import Outbox, Workspace
from bot.settings import Settings


class Crash(BaseException):
    """Stands in for the process dying (SIGKILL) — not an Exception, so nothing catches it."""


class CrashAfterSend(MemoryChat):
    """Records the message as delivered, then the process dies before it can commit."""

    async def post(self, to: Address, message: Message, *, key: str) -> str:
        await super().post(to, message, key=key)
        raise Crash


async def _seed(app: Container, count: int, *, due_offset: timedelta = timedelta(0)) -> None:
    now = app.ctx.clock.now()
    async with app.ctx.uow() as uow:
        workspace = Workspace(platform="console", external_id="T1", created_at=now)
        uow.session.add(workspace)
        await uow.flush()
        for i in range(count):
            await enqueue(uow.session, Envelope(workspace.id, f"k{i}", "prompt", "channel", Message(f"hei {i}"),
                                                due_at=now + due_offset, channel_id=f"C{i % 7}"), now=now)
        await uow.commit()


async def _statuses(app: Container) -> Counter[str]:
    async with app.ctx.uow() as uow:
        return Counter((await uow.session.exec(select(Outbox.status))).all())


def _dispatcher(app: Container, chat: MemoryChat, worker: str, batch: int = 10) -> Dispatcher:
    return Dispatcher(app.ctx.sessions, app.ctx.clock, {"console": chat}, worker=worker,
                      policy=DispatchPolicy(lease=timedelta(seconds=30), batch_size=batch))


async def test_every_due_row_is_sent_exactly_once(app: Container, chat: MemoryChat) -> None:
    await _seed(app, 25)
    result = await app.dispatcher.tick()
    again = await app.dispatcher.tick()
    assert (result.sent, again.sent) == (25, 0)
    assert sorted(Counter(p.key for p in chat.transcript).values()) == [1] * 25
    assert await _statuses(app) == Counter(sent=25)


async def test_the_same_idempotency_key_is_enqueued_only_once(app: Container) -> None:
    await _seed(app, 3)
    async with app.ctx.uow() as uow:
        again = await enqueue(uow.session, Envelope(1, "k1", "prompt", "channel", Message("x"),
                                                    due_at=app.ctx.clock.now()), now=app.ctx.clock.now())
        await uow.commit()
    assert again is False and sum((await _statuses(app)).values()) == 3


async def test_a_crash_between_send_and_commit_does_not_duplicate(app: Container, clock: ManualClock) -> None:
    await _seed(app, 1)
    crashing = CrashAfterSend(clock)
    with pytest.raises(Crash):
        await _dispatcher(app, crashing, "replica-a").tick()
    assert await _statuses(app) == Counter(claimed=1)  # the attempt was committed before the send
    survivor = MemoryChat(clock, transcript=crashing.transcript)
    clock.advance(timedelta(seconds=31))  # the dead replica's lease runs out
    result = await _dispatcher(app, survivor, "replica-b").tick()
    assert result.sent == 1 and len(survivor.transcript) == 1
    assert await _statuses(app) == Counter(sent=1)


async def test_a_maybe_sent_row_that_never_arrived_is_sent_again_once(app: Container, clock: ManualClock) -> None:
    await _seed(app, 1)

    class CrashBeforeSend(MemoryChat):
        async def post(self, to: Address, message: Message, *, key: str) -> str:
            raise Crash

    with pytest.raises(Crash):
        await _dispatcher(app, CrashBeforeSend(clock), "a").tick()
    clock.advance(timedelta(seconds=31))
    survivor = MemoryChat(clock)
    await _dispatcher(app, survivor, "b").tick()
    await _dispatcher(app, survivor, "b").tick()
    assert [p.key for p in survivor.transcript] == ["k0"]


async def test_on_an_unverifiable_platform_a_maybe_sent_row_becomes_uncertain(app: Container, clock: ManualClock
                                                                              ) -> None:
    await _seed(app, 1)
    with pytest.raises(Crash):
        await _dispatcher(app, CrashAfterSend(clock, verifiable=False), "a").tick()
    clock.advance(timedelta(seconds=31))
    blind = MemoryChat(clock, verifiable=False)
    result = await _dispatcher(app, blind, "b").tick()
    assert result.uncertain == 1 and blind.transcript == []
    assert await _statuses(app) == Counter(uncertain=1)


async def test_transient_errors_are_retried_after_retry_after_and_never_lost(app: Container, chat: MemoryChat,
                                                                             clock: ManualClock) -> None:
    await _seed(app, 1)
    chat.fail_next.append(DeliveryError("ratelimited", retry_after=30))
    first = await app.dispatcher.tick()
    assert (first.sent, first.retried) == (0, 1)
    clock.advance(timedelta(seconds=10))
    assert (await app.dispatcher.tick()).sent == 0  # still waiting for Retry-After
    clock.advance(timedelta(seconds=21))
    assert (await app.dispatcher.tick()).sent == 1
    assert len(chat.transcript) == 1


async def test_permanent_errors_fail_visibly_without_retrying(app: Container, chat: MemoryChat) -> None:
    await _seed(app, 1)
    chat.fail_next.append(DeliveryError("channel_not_found", permanent=True))
    result = await app.dispatcher.tick()
    assert result.failed == 1 and await _statuses(app) == Counter(failed=1)
    async with app.ctx.uow() as uow:
        assert (await uow.session.exec(select(Outbox.last_error))).one() == "channel_not_found"


async def test_after_downtime_overdue_rows_go_out_once_and_stale_ones_are_skipped(app: Container,
                                                                                  chat: MemoryChat,
                                                                                  clock: ManualClock) -> None:
    await _seed(app, 2)
    async with app.ctx.uow() as uow:
        stale = Envelope(1, "old", "prompt", "channel", Message("old"), due_at=clock.now() - timedelta(days=5),
                         channel_id="C1")
        await enqueue(uow.session, stale, now=clock.now())
        await uow.commit()
    clock.advance(timedelta(hours=20))  # the process was down; the grace window is 48 hours
    result = await app.dispatcher.tick()
    assert (result.sent, result.skipped) == (2, 1)
    assert await _statuses(app) == Counter(sent=2, skipped=1)


async def test_two_replicas_never_send_one_row_twice(settings: Settings, clock: ManualClock) -> None:
    if settings.is_sqlite:
        pytest.skip("several replicas need PostgreSQL (on SQLite one `samskaping serve` runs at a time)")
    shared = MemoryChat(clock)
    replicas = [build(settings, clock=clock, ports={"console": shared}) for _ in range(2)]
    await _seed(replicas[0], 300)
    for i, replica in enumerate(replicas):
        replica.dispatcher = _dispatcher(replica, shared, f"replica-{i}")
    results = await asyncio.gather(*(r.dispatcher.tick() for r in replicas))
    assert sum(r.sent for r in results) == 300
    assert Counter(Counter(p.key for p in shared.transcript).values()) == Counter({1: 300})
    for replica in replicas:
        await replica.close()


async def test_a_graceful_stop_releases_claims_that_were_not_sent(app: Container, clock: ManualClock) -> None:
    await _seed(app, 5)

    class StopAfterFirst(MemoryChat):
        dispatcher: Dispatcher | None = None

        async def post(self, to: Address, message: Message, *, key: str) -> str:
            ref = await super().post(to, message, key=key)
            assert self.dispatcher is not None
            self.dispatcher.stop()  # SIGTERM arrives while the batch is sending
            return ref

    chat = StopAfterFirst(clock)
    dispatcher = _dispatcher(app, chat, "a")
    chat.dispatcher = dispatcher
    result = await dispatcher.tick()
    await dispatcher.release()  # as the web app's shutdown does after the last tick
    assert result.sent == 1 and await _statuses(app) == Counter(sent=1, pending=4)
    assert (await _dispatcher(app, MemoryChat(clock), "b").tick()).sent == 4


async def test_leases_are_renewed_while_a_slow_batch_is_sending(app: Container, clock: ManualClock) -> None:
    await _seed(app, 1)
    seen: list[object] = []

    class Slow(MemoryChat):
        async def post(self, to: Address, message: Message, *, key: str) -> str:
            clock.advance(timedelta(seconds=20))
            await asyncio.sleep(0.6)  # several thirds of the (shortened) lease: a renewal runs even when busy
            async with app.ctx.uow() as uow:
                seen.append((await uow.session.exec(select(Outbox.lease_until))).one())
            return await super().post(to, message, key=key)

    dispatcher = Dispatcher(app.ctx.sessions, clock, {"console": Slow(clock)}, worker="a",
                            policy=DispatchPolicy(lease=timedelta(seconds=0.6)))
    assert (await dispatcher.tick()).sent == 1
    assert seen[0] > clock.now() - timedelta(seconds=1)  # renewed from the advanced clock, not the claim time


async def test_one_replica_at_a_time_sends_for_a_workspace(app: Container, clock: ManualClock) -> None:
    await _seed(app, 3)

    class Crashing(MemoryChat):
        async def post(self, to: Address, message: Message, *, key: str) -> str:
            raise Crash

    with pytest.raises(Crash):
        await _dispatcher(app, Crashing(clock), "a").tick()  # "a" took the workspace's sender lease, then died
    other = MemoryChat(clock)
    assert (await _dispatcher(app, other, "b").tick()).sent == 0  # "a" still holds the workspace
    clock.advance(timedelta(seconds=31))
    assert (await _dispatcher(app, other, "b").tick()).sent == 3  # its lease ended: "b" takes over
    assert sorted(p.key for p in other.transcript) == ["k0", "k1", "k2"]


async def test_waiting_for_retry_after_does_not_use_up_attempts(app: Container, chat: MemoryChat,
                                                                clock: ManualClock) -> None:
    await _seed(app, 1)
    for _ in range(12):  # more 429s than max_attempts (8)
        chat.fail_next.append(DeliveryError("ratelimited", retry_after=1))
        await app.dispatcher.tick()
        clock.advance(timedelta(seconds=2))
    assert (await app.dispatcher.tick()).sent == 1


async def test_a_maybe_sent_error_is_settled_on_the_next_tick_without_a_blind_resend(
        app: Container, chat: MemoryChat, clock: ManualClock) -> None:
    await _seed(app, 1)

    class DroppedAfterStore(MemoryChat):
        async def post(self, to: Address, message: Message, *, key: str) -> str:
            await super().post(to, message, key=key)
            raise DeliveryError("maybe_sent")

    flaky = DroppedAfterStore(clock)
    await _dispatcher(app, flaky, "a").tick()
    clock.advance(timedelta(seconds=1))
    result = await _dispatcher(app, MemoryChat(clock, transcript=flaky.transcript), "a").tick()
    assert result.sent == 1 and len(flaky.transcript) == 1
    assert await _statuses(app) == Counter(sent=1)


async def test_on_an_unverifiable_platform_rows_whose_call_never_began_are_sent_not_left_uncertain(
        app: Container, clock: ManualClock) -> None:
    await _seed(app, 3)

    class CrashOnSecond(MemoryChat):
        async def post(self, to: Address, message: Message, *, key: str) -> str:
            if len(self.transcript) == 1:
                raise Crash  # the process dies during the second call
            return await super().post(to, message, key=key)

    with pytest.raises(Crash):
        await _dispatcher(app, CrashOnSecond(clock, verifiable=False), "a").tick()
    clock.advance(timedelta(seconds=31))
    blind = MemoryChat(clock, verifiable=False)
    result = await _dispatcher(app, blind, "b").tick()
    # k0 went out and k1's call had begun before the crash, and neither outcome was committed: both are
    # "maybe sent". k2's call never began, so it is sent now instead of waiting for a coordinator.
    assert result.uncertain == 2 and [p.key for p in blind.transcript] == ["k2"]
    assert await _statuses(app) == Counter(sent=1, uncertain=2)


async def test_a_batch_holds_no_more_than_the_platform_takes_in_a_third_of_the_lease(app: Container,
                                                                                     clock: ManualClock) -> None:
    await _seed(app, 40)
    claimed: list[int] = []

    class Slow(MemoryChat):
        async def post(self, to: Address, message: Message, *, key: str) -> str:
            claimed.append((await _statuses(app))["claimed"])
            return await super().post(to, message, key=key)

    slow = Slow(clock, sends_per_second=1.0)  # 30 s lease: at most 10 rows per batch
    assert (await _dispatcher(app, slow, "a", 200).tick()).sent == 40
    assert max(claimed) == 10  # four batches of ten, never 40 rows claimed at once
