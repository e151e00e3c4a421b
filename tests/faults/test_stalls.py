"""Replicas that stall or lose their database but keep running: each post arrives once.

A stalled sender resumes after another replica took its rows over; a sender whose database connections drop
for seconds mid-batch; a lease renewal that fails once, or for good. The real dispatcher and SlackChat send
to the faulty mock Slack; every key must arrive exactly once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from bot.bootstrap import Container
from bot.clock import ManualClock
from bot.kernel.chat.messages import Address, Message
from bot.kernel.delivery.dispatcher import Dispatcher, DispatchPolicy
from tests.faults import ledger
from tests.faults.crashes import LEASE, replica
from tests.faults.rows import drain, seed, statuses, tally
from tests.faults.slack_faults import FaultySlack, slack_chat

CHANNELS = ["C1", "C2", "C3"]


class DatabaseDown(OSError):
    """What the driver raises while the database cannot be reached."""


class FlakySessions:
    """A session factory whose sessions cannot reach the database while `down` is set: new ones are refused, and
    connections already open (the dispatcher keeps one for its fences) fail their statements."""

    def __init__(self, real: Callable[[], Any]) -> None:
        self.real = real
        self.down = False
        self.refused = 0

    def __call__(self) -> Any:
        if self.down:
            self.refused += 1
            return _Refused()
        return _FlakySession(self, self.real())

    def check(self) -> None:
        if self.down:
            self.refused += 1
            raise DatabaseDown("connection lost")


class _FlakySession:
    """A real session whose connection's statements fail while its factory is down."""

    def __init__(self, factory: FlakySessions, real: Any) -> None:
        self.factory = factory
        self.real = real

    async def __aenter__(self) -> Any:
        await self.real.__aenter__()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.real.__aexit__(*exc)

    async def connection(self, **kw: Any) -> Any:
        return _FlakyConnection(self.factory, await self.real.connection(**kw))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


class _FlakyConnection:
    def __init__(self, factory: FlakySessions, real: Any) -> None:
        self.factory = factory
        self.real = real

    async def execute(self, *args: Any, **kw: Any) -> Any:
        self.factory.check()
        return await self.real.execute(*args, **kw)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


class _Refused:
    async def __aenter__(self) -> Any:
        raise DatabaseDown("connection refused")

    async def __aexit__(self, *_: object) -> None:
        return None


class Hooked:
    """A real port that runs `after(n)` once the n-th post or DM has been answered (before the dispatcher goes on)."""

    def __init__(self, real: Any, after: Callable[[int], Any]) -> None:
        self.real = real
        self.after = after
        self.sends = 0

    async def _send(self, send: Any, to: Address, message: Message, key: str) -> str:
        ref: str = await send(to, message, key=key)
        self.sends += 1
        await self.after(self.sends)
        return ref

    async def post(self, to: Address, message: Message, *, key: str) -> str:
        return await self._send(self.real.post, to, message, key)

    async def send_dm(self, to: Address, message: Message, *, key: str) -> str:
        return await self._send(self.real.send_dm, to, message, key)

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


def _check(keys: list[str], mock: FaultySlack, final: dict[str, str], fault: str) -> None:
    result = tally(keys, mock.delivered(), final, expected=set(keys))
    ledger.record({fault: 1}, **result)
    assert (result["lost"], result["duplicated"], result["uncertain"]) == (0, 0, 0), dict(result)
    assert set(final.values()) == {"sent"}


@pytest.mark.parametrize("stall_after", [1, 5])
async def test_a_sender_paused_longer_than_its_lease_sends_nothing_its_successor_took_over(
        slack_app: Container, clock: ManualClock, faulty_slack: FaultySlack, stall_after: int) -> None:
    keys = [f"stall:{i}" for i in range(10)]
    await seed(slack_app, "slack", "T1", keys, channels=CHANNELS, dm_every=4)
    successor = replica(slack_app, clock, "slack", slack_chat(slack_app, clock, faulty_slack), "replica-b")

    async def stall(n: int) -> None:
        if n == stall_after:  # replica a freezes (GC, SIGSTOP, a VM pause) for twice its lease
            clock.advance(LEASE * 2)
            await successor.tick()  # meanwhile b takes the expired rows over and sends them

    stalled = Hooked(slack_chat(slack_app, clock, faulty_slack), stall)
    await replica(slack_app, clock, "slack", stalled, "replica-a").tick()  # a resumes and carries on
    await drain(slack_app, clock, dispatcher=successor)
    assert stalled.sends == stall_after  # a sent nothing after its pause
    _check(keys, faulty_slack, await statuses(slack_app), "sender_paused")


@pytest.mark.parametrize("seconds", [3, 10])
async def test_a_replica_whose_database_drops_mid_batch_stops_and_each_post_arrives_once(
        slack_app: Container, clock: ManualClock, faulty_slack: FaultySlack, seconds: int) -> None:
    keys = [f"dbdrop{seconds}:{i}" for i in range(10)]
    await seed(slack_app, "slack", "T1", keys, channels=CHANNELS, dm_every=4)
    sessions = FlakySessions(slack_app.ctx.sessions)

    async def drop(n: int) -> None:
        if n == 3:
            sessions.down = True  # the connections drop right after the third post, and stay away longer
            clock.advance(LEASE / 2)  # than the batch's last fence may be relied on

    port = Hooked(slack_chat(slack_app, clock, faulty_slack), drop)
    flaky = Dispatcher(sessions, clock, {"slack": port}, worker="replica-a",  # type: ignore[arg-type]
                       policy=DispatchPolicy(lease=LEASE, batch_size=10))
    with pytest.raises(DatabaseDown):  # it cannot record the outcomes either: the scheduler logs it
        await flaky.tick()
    assert port.sends == 3 and sessions.refused >= 1
    clock.advance(timedelta(seconds=seconds))
    sessions.down = False  # back after a few seconds: a's claims still hold, it carries on
    await drain(slack_app, clock, dispatcher=flaky)
    _check(keys, faulty_slack, await statuses(slack_app), f"database_drop_{seconds}s")


async def test_while_the_database_is_away_longer_than_the_lease_another_replica_delivers_once(
        slack_app: Container, clock: ManualClock, faulty_slack: FaultySlack) -> None:
    keys = [f"dbaway:{i}" for i in range(10)]
    await seed(slack_app, "slack", "T1", keys, channels=CHANNELS, dm_every=4)
    sessions = FlakySessions(slack_app.ctx.sessions)

    async def drop(n: int) -> None:
        if n == 4:
            sessions.down = True
            clock.advance(LEASE / 2)

    port = Hooked(slack_chat(slack_app, clock, faulty_slack), drop)
    flaky = Dispatcher(sessions, clock, {"slack": port}, worker="replica-a",  # type: ignore[arg-type]
                       policy=DispatchPolicy(lease=LEASE, batch_size=10))
    with pytest.raises(DatabaseDown):
        await flaky.tick()
    clock.advance(LEASE + timedelta(seconds=1))
    other = replica(slack_app, clock, "slack", slack_chat(slack_app, clock, faulty_slack), "replica-b")
    await drain(slack_app, clock, dispatcher=other)  # b looks a's four posts up in history, sends the rest
    sessions.down = False
    assert (await flaky.tick()).sent == 0
    _check(keys, faulty_slack, await statuses(slack_app), "database_away")


def _slow(app: Container, clock: ManualClock, mock: FaultySlack) -> Hooked:
    async def slow(_: int) -> None:
        await asyncio.sleep(0.08)  # a slow platform: the batch outlives a renewal period (0.2 s)

    return Hooked(slack_chat(app, clock, mock), slow)


async def test_a_lease_renewal_that_fails_once_is_retried_and_the_batch_goes_on(
        slack_app: Container, clock: ManualClock, faulty_slack: FaultySlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = [f"renew-once:{i}" for i in range(8)]
    await seed(slack_app, "slack", "T1", keys, channels=CHANNELS)
    monkeypatch.setattr("bot.kernel.delivery.dispatcher.RENEW_RETRY_SECONDS", 0.02)
    dispatcher = Dispatcher(slack_app.ctx.sessions, clock, {"slack": _slow(slack_app, clock, faulty_slack)},
                            worker="a", policy=DispatchPolicy(lease=timedelta(seconds=0.6), batch_size=8))
    real, calls = dispatcher._renew, []

    async def fails_once(batch: Any) -> bool:
        calls.append(batch)
        if len(calls) == 1:
            raise DatabaseDown("one dropped round trip")
        return await real(batch)

    monkeypatch.setattr(dispatcher, "_renew", fails_once)
    assert (await dispatcher.tick()).sent == 8
    assert len(calls) >= 2
    _check(keys, faulty_slack, await statuses(slack_app), "renewal_failed_once")


async def test_leases_that_cannot_be_renewed_stop_the_batch_and_another_replica_finishes_it(
        slack_app: Container, clock: ManualClock, faulty_slack: FaultySlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = [f"renew-never:{i}" for i in range(8)]
    await seed(slack_app, "slack", "T1", keys, channels=CHANNELS)
    monkeypatch.setattr("bot.kernel.delivery.dispatcher.RENEW_RETRY_SECONDS", 0.02)
    port = _slow(slack_app, clock, faulty_slack)
    dispatcher = Dispatcher(slack_app.ctx.sessions, clock, {"slack": port},
                            worker="a", policy=DispatchPolicy(lease=timedelta(seconds=0.6), batch_size=8))

    async def never(_: Any) -> bool:
        raise DatabaseDown("the renewals do not get through")

    monkeypatch.setattr(dispatcher, "_renew", never)
    await dispatcher.tick()
    assert 0 < port.sends < len(keys)  # it stopped once it could no longer keep its claims
    clock.advance(LEASE)
    await drain(slack_app, clock, dispatcher=replica(slack_app, clock, "slack",
                                                     slack_chat(slack_app, clock, faulty_slack), "b"))
    _check(keys, faulty_slack, await statuses(slack_app), "renewal_failed")
