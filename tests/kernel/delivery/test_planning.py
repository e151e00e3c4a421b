"""Planners rest until the moment they name, and wake early for a write, a midnight, new content or real time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

from bot.adapters.demo import run_demo
from bot.adapters.memory import MemoryChat
from bot.bootstrap import Container, build
from bot.clock import ManualClock
from bot.features.enabled import FEATURES
from bot.kernel.chat.messages import Message
from bot.kernel.commands.registry import Feature
from bot.kernel.context import AppContext
from bot.kernel.delivery import planning
from bot.kernel.delivery.outbox import Envelope, enqueue
from bot.kernel.delivery.planning import UNTIL_CHANGED, Rests, Timed, next_midnight
from bot.kernel.storage import queries
from bot.kernel.storage.changes import WriteCount
from bot.kernel.storage.tables import Draft, Workspace, id_of
from bot.kernel.storage.uow import UnitOfWork
from bot.settings import Settings

NOON = datetime(2027, 3, 10, 11, 0, tzinfo=UTC)  # a Wednesday, 12:00 in Oslo


@dataclass(eq=False)  # hashable by identity, as planner functions are
class Probe:
    """A planner that counts its calls and answers what the test says; it may write a row itself."""

    answer: object = None
    writes: bool = False
    calls: int = 0

    async def __call__(self, uow: UnitOfWork, ctx: AppContext) -> object:
        self.calls += 1
        if self.writes:
            uow.session.add(Workspace(platform="console", external_id=f"probe-{self.calls}",
                                      created_at=ctx.clock.now()))
        return self.answer


@pytest.fixture
def probe() -> Probe:
    return Probe()


@pytest.fixture
async def bot(settings: Settings, probe: Probe) -> AsyncIterator[Container]:
    clock = ManualClock(NOON)
    container = build(settings, clock=clock, ports={"console": MemoryChat(clock)},
                      features=(*FEATURES, Feature(name="probe", planners=(probe,))))
    yield container
    await container.close()


async def ticks(bot: Container, n: int, step: timedelta = timedelta(minutes=15)) -> None:
    clock = bot.ctx.clock
    assert isinstance(clock, ManualClock)
    for _ in range(n):
        clock.advance(step)
        await bot.tick()


async def workspace_id(bot: Container) -> int:
    async with bot.ctx.uow() as uow:
        workspace = await queries.workspace_for(uow.session, "console", "T1", now=NOON)
        await uow.commit()
    return id_of(workspace)


async def write_something(bot: Container) -> None:
    """What a command does: a row written outside the planners."""
    async with bot.ctx.uow() as uow:
        uow.session.add(Workspace(platform="console", external_id="other", created_at=bot.ctx.clock.now()))
        await uow.commit()


async def test_a_planner_that_names_a_moment_rests_until_then(bot: Container, probe: Probe) -> None:
    probe.answer = NOON + timedelta(hours=2)
    await ticks(bot, 1)
    await ticks(bot, 6)  # 12:30 … 13:45: resting
    assert probe.calls == 1
    await ticks(bot, 1)  # 14:00: its moment
    assert probe.calls == 2


async def test_a_planner_without_a_moment_is_asked_every_tick(bot: Container, probe: Probe) -> None:
    probe.answer = 3  # a count, as planners used to answer
    await ticks(bot, 5)
    assert probe.calls == 5


async def test_a_write_outside_the_planners_wakes_a_resting_planner(bot: Container, probe: Probe) -> None:
    probe.answer = UNTIL_CHANGED
    await ticks(bot, 3)
    assert probe.calls == 1
    await write_something(bot)
    await ticks(bot, 3)
    assert probe.calls == 2


async def test_a_planners_own_writes_do_not_wake_it(bot: Container, probe: Probe) -> None:
    probe.answer, probe.writes = UNTIL_CHANGED, True
    await ticks(bot, 4)
    assert probe.calls == 1


async def test_writing_an_inert_table_does_not_wake_a_resting_planner(bot: Container, probe: Probe) -> None:
    probe.answer = UNTIL_CHANGED
    await ticks(bot, 1)
    async with bot.ctx.uow() as uow:  # a form draft: the kernel declares its table inert
        uow.session.add(Draft(workspace_id=await workspace_id(bot), user_id="u1", purpose="reflection", text="…",
                              updated_at=NOON))
        await uow.commit()
    await ticks(bot, 1)
    calls = probe.calls
    async with bot.ctx.uow() as uow:
        uow.session.add(Draft(workspace_id=await workspace_id(bot), user_id="u2", purpose="reflection", text="…",
                              updated_at=NOON))
        await uow.commit()
    await ticks(bot, 2)
    assert probe.calls == calls


async def test_a_timed_answer_rests_whatever_is_written(bot: Container, probe: Probe) -> None:
    probe.answer = Timed(NOON + timedelta(hours=3))
    await ticks(bot, 1)
    await write_something(bot)
    await ticks(bot, 3)
    assert probe.calls == 1


async def test_every_rest_ends_at_midnight(bot: Container, probe: Probe) -> None:
    probe.answer = UNTIL_CHANGED
    await ticks(bot, 1)
    await ticks(bot, 11, step=timedelta(hours=1))  # until 23:15 Oslo time
    assert probe.calls == 1
    await ticks(bot, 1, step=timedelta(hours=1))  # 00:15 in Oslo (23:15 UTC)
    assert probe.calls == 2


async def test_new_content_wakes_every_planner(bot: Container, probe: Probe) -> None:
    probe.answer = UNTIL_CHANGED
    await ticks(bot, 1)
    bot.rests.forget()  # what the content watcher does when prompts or schedules change
    await ticks(bot, 1)
    assert probe.calls == 2


async def test_a_send_by_the_dispatcher_does_not_wake_planners(bot: Container, probe: Probe) -> None:
    probe.answer = UNTIL_CHANGED
    await ticks(bot, 1)
    async with bot.ctx.uow() as uow:  # a row due now: the dispatcher claims and sends it (writes)
        workspace = Workspace(platform="console", external_id="T1", created_at=NOON)
        uow.session.add(workspace)
        await uow.flush()
        assert workspace.id is not None
        await enqueue(uow.session, Envelope(workspace.id, "probe:1", "notice", "dm", Message("hei"),
                                            NOON + timedelta(minutes=50), user_id="u1"), now=bot.ctx.clock.now())
        await uow.commit()
    await ticks(bot, 1)  # 12:30: the enqueue above was a write, so one more question; the row is not due yet
    calls = probe.calls
    await ticks(bot, 3)  # sent at 12:45 … 13:15
    chat = bot.ports["console"]
    assert isinstance(chat, MemoryChat) and [p.key for p in chat.transcript] == ["probe:1"]
    assert probe.calls == calls


def test_rests_end_after_the_longest_real_time() -> None:
    now = [0.0]
    rests = Rests(WriteCount(), longest=60, monotonic=lambda: now[0])
    rests.record("p", NOON + timedelta(days=1), writes=0, midnight=NOON + timedelta(days=1))
    assert rests.resting("p", NOON)
    rests.record("t", Timed(NOON + timedelta(hours=1)), writes=0, midnight=NOON + timedelta(days=1))
    now[0] = 61
    assert not rests.resting("p", NOON)
    assert rests.resting("t", NOON)  # only time wakes a timed planner


def test_the_next_midnight_is_the_first_in_any_zone() -> None:
    assert next_midnight(NOON, {"Europe/Oslo"}) == datetime(2027, 3, 10, 23, 0, tzinfo=UTC)
    assert next_midnight(NOON, {"Europe/Oslo", "UTC"}) == datetime(2027, 3, 10, 23, 0, tzinfo=UTC)
    assert next_midnight(NOON, {"UTC", "America/New_York"}) == datetime(2027, 3, 11, 0, 0, tzinfo=UTC)


async def test_resting_changes_no_message_the_demo_sends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole simulated programme twice: with rests, and with every planner asked on every tick."""

    async def transcript(name: str) -> list[tuple[str, str, str]]:
        sim = await run_demo(lambda _: None, database_url=f"sqlite+aiosqlite:///{tmp_path}/{name}.db")
        return [(p.key, p.at.isoformat(), p.text) for p in sim.chat.transcript]

    rested = await transcript("rested")
    monkeypatch.setattr(planning.Rests, "resting", lambda self, planner, now: False)
    assert await transcript("always") == rested
    assert len(rested) > 100


async def test_an_idle_tick_reads_once_and_writes_nothing(bot: Container, probe: Probe) -> None:
    """What every replica pays every 15 s when nothing is due: one statement (the outbox and the inbox)."""
    probe.answer = UNTIL_CHANGED
    await ticks(bot, 3)  # every planner has answered and rests
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    event.listen(bot.engine.sync_engine, "after_cursor_execute", seen)
    try:
        await ticks(bot, 1)
    finally:
        event.remove(bot.engine.sync_engine, "after_cursor_execute", seen)
    assert len(statements) == 1 and statements[0].lstrip().upper().startswith("SELECT"), statements
