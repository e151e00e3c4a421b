"""Benchmark: dispatching due outbox rows to an in-memory port (issue 5's performance target).

Seeds N due rows spread over groups (about 30 members per municipality), then times `Dispatcher.tick()`
until the outbox is empty. Prints items per second, the share of wall time spent in the database (time
not spent in the port), and, as a same-run baseline, a bare loop over the port for the same N — so the
figures hold as ratios on a noisy machine. SQLite always; PostgreSQL when TEST_DATABASE_URL (or --postgres)
is set (a throwaway database is created and dropped).

    .venv/bin/python -m bench.dispatch_throughput [--sizes 1000,10000,50000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
from datetime import UTC, datetime

from sqlalchemy import insert
from sqlmodel import SQLModel

from bench.throwaway import throwaway_database
from bot.adapters.memory import MemoryChat
from bot.clock import ManualClock
from bot.kernel.chat.messages import Address, Message
from bot.kernel.delivery.dispatcher import Dispatcher, DispatchPolicy
from bot.kernel.storage import tables  # noqa: F401
from bot.kernel.storage.engine import create_engine, session_factory
from bot.kernel.storage.tables import Outbox, Workspace

NOW = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)
MEMBERS_PER_GROUP = 30


class TimedChat(MemoryChat):
    """MemoryChat that measures the time spent inside the port."""

    port_seconds: float = 0.0

    async def post_private(self, to: Address, message: Message, *, key: str) -> str:
        started = time.perf_counter()
        try:
            return await super().post_private(to, message, key=key)
        finally:
            self.port_seconds += time.perf_counter() - started


async def _seed(url: str, n: int) -> None:
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(SQLModel.metadata.drop_all)
        await connection.run_sync(SQLModel.metadata.create_all)
        await connection.execute(insert(Workspace).values(id=1, platform="console", external_id="T", name="",
                                                          active=True, created_at=NOW))
        payload = json.dumps(Message("Hei! En vennlig påminnelse om oppgaven.").to_dict(), ensure_ascii=False)
        rows = [{"workspace_id": 1, "idempotency_key": f"reminder:{i}", "kind": "reminder", "target": "private",
                 "channel_id": f"C{i // MEMBERS_PER_GROUP}", "user_id": f"U{i}", "payload": payload,
                 "priority": 5, "status": "pending", "due_at": NOW, "attempts": 0, "created_at": NOW}
                for i in range(n)]
        for start in range(0, n, 5000):
            await connection.execute(insert(Outbox), rows[start:start + 5000])
    await engine.dispose()


async def _dispatch(url: str, n: int, batch: int) -> tuple[float, float, int]:
    engine = create_engine(url)
    clock = ManualClock(NOW)
    chat = TimedChat(clock)
    dispatcher = Dispatcher(session_factory(engine), clock, {"console": chat}, worker="bench",
                            policy=DispatchPolicy(batch_size=batch))
    started = time.perf_counter()
    result = await dispatcher.tick()
    wall = time.perf_counter() - started
    await engine.dispose()
    assert result.sent == n, (result.sent, n)
    return wall, chat.port_seconds, len(chat.transcript)


async def _baseline(n: int) -> float:
    chat = MemoryChat(ManualClock(NOW))
    message = Message("Hei!")
    started = time.perf_counter()
    for i in range(n):
        await chat.post_private(Address("T", "C", f"U{i}"), message, key=f"k{i}")
    return time.perf_counter() - started


async def _run(label: str, url: str, sizes: list[int], batch: int) -> None:
    print(f"\n{label} (batch {batch})")
    print(f"{'items':>8} {'groups':>7} {'seconds':>8} {'items/s':>9} {'db share':>9} "
          f"{'s per 1k':>9} {'vs port-only':>13}")
    for n in sizes:
        await _seed(url, n)
        wall, port, sent = await _dispatch(url, n, batch)
        base = await _baseline(n)
        print(f"{n:>8} {n // MEMBERS_PER_GROUP:>7} {wall:>8.2f} {sent / wall:>9.0f} {1 - port / wall:>9.0%} "
              f"{wall / n * 1000:>9.3f} {wall / base:>12.0f}x")


async def _postgres(base_url: str, sizes: list[int], batch: int) -> None:
    async with throwaway_database(base_url) as url:
        await _run("PostgreSQL", url, sizes, batch)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL", ""))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"Dispatch throughput on {os.cpu_count()} CPUs; target ≥ 2,000 items/s on SQLite at 10,000 items.")
    with tempfile.TemporaryDirectory() as folder:
        await _run("SQLite (WAL)", f"sqlite+aiosqlite:///{folder}/bench.db", sizes, args.batch)
    if args.postgres:
        await _postgres(args.postgres, sizes, args.batch)
    else:
        print("\nPostgreSQL: skipped (set TEST_DATABASE_URL or pass --postgres URL)")


if __name__ == "__main__":
    asyncio.run(main())
