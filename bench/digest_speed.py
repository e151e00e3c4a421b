"""Digest speed: one weekly digest of a national programme (350 groups, 10,000 members, 100,000 reflections).

Prints seconds and peak memory (tracemalloc and ru_maxrss) on SQLite, and on PostgreSQL when TEST_DATABASE_URL
or --postgres is given (a throwaway database is created and dropped). Target: under 5 s and under 300 MB.
The baseline from the same run is a plain COUNT(*) over the reflections, so the figure is also a ratio.

    python -m bench.digest_speed [--groups 350 --members 10000 --reflections 100000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime

from sqlalchemy import text
from sqlmodel import SQLModel

from bench.throwaway import throwaway_database
from bot.bootstrap import build
from bot.clock import ManualClock
from bot.features.digest.report.sample import SampleSize, count_reflections, seed_sample
from bot.features.digest.service import programme_digest
from bot.kernel.context import AppContext
from bot.kernel.rules.weeks import IsoWeek
from bot.kernel.storage.engine import create_engine
from bot.kernel.storage.tables import Programme
from bot.settings import Settings

NOW = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)


def sections_note(ctx: AppContext) -> str:
    """Which digest sections this run measures: every one the features declare, as `samskaping serve` has them."""
    names = ", ".join(provider.__name__ for provider in ctx.features.digest_sections)
    return f"sections: {names} (the sample seeds no milestones or stakeholders; their queries still run)"


async def measure(url: str, size: SampleSize, label: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(SQLModel.metadata.create_all)
    started = time.perf_counter()
    programme_id, week = await seed_sample(engine, now=NOW, size=size)
    seeded = time.perf_counter() - started
    count = await count_reflections(engine)
    async with engine.begin() as connection:  # fresh statistics, as autovacuum would have made them
        await connection.execute(text("ANALYZE"))
    started = time.perf_counter()
    async with engine.connect() as connection:
        await connection.execute(text("SELECT COUNT(*) FROM reflection"))
    baseline = time.perf_counter() - started
    settings = Settings(database_url=url, _env_file=None)  # type: ignore[call-arg]  # pydantic-settings init kwarg
    ctx = build(settings, clock=ManualClock(NOW), engine=engine).ctx  # the same composition as `samskaping serve`
    print(f"[{label}] {sections_note(ctx)}")
    cold, _ = await _digest(ctx, programme_id, week, traced=False)
    warm, _ = await _digest(ctx, programme_id, week, traced=False)
    _, peak = await _digest(ctx, programme_id, week, traced=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"[{label}] seeded {count} reflections in {seeded:.1f} s; baseline COUNT(*) {baseline * 1000:.1f} ms")
    print(f"[{label}] digest {week}: cold {cold:.2f} s (incl. simplemma load), warm {warm:.2f} s "
          f"= {warm / max(baseline, 1e-6):.0f}× the COUNT(*); tracemalloc peak (warm) {peak / 2**20:.1f} MB; "
          f"ru_maxrss {rss:.0f} MB (process so far)")
    print(f"[{label}] target < 5 s and < 300 MB: {'met' if warm < 5 and peak < 300 * 2**20 else 'NOT met'}")
    await engine.dispose()


async def _digest(ctx: AppContext, programme_id: int, week: str, *, traced: bool) -> tuple[float, int]:
    """Seconds and (when traced) the tracemalloc peak of one digest; tracing slows Python down, so it is separate."""
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    async with ctx.sessions() as session:
        programme = await session.get(Programme, programme_id)
        assert programme is not None  # noqa: S101
        year, number = week.split("-W")
        digest = await programme_digest(session, ctx, programme, IsoWeek(int(year), int(number)))
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    if traced:
        tracemalloc.stop()
    assert len(digest.groups) > 0  # noqa: S101
    return elapsed, peak


async def on_postgres(base: str, size: SampleSize) -> None:
    admin = base.replace("postgresql://", "postgresql+asyncpg://", 1)
    async with throwaway_database(admin) as url:
        await measure(url, size, "postgresql")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=350)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--reflections", type=int, default=100_000)
    parser.add_argument("--weeks", type=int, default=14)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    args = parser.parse_args()
    size = SampleSize(args.groups, args.members, args.reflections, args.weeks)
    print(f"digest of {args.groups} groups, {args.members} members, {args.reflections} reflections")
    with tempfile.TemporaryDirectory() as folder:
        await measure(f"sqlite+aiosqlite:///{folder}/bench.db", size, "sqlite")
    if args.postgres:
        await on_postgres(args.postgres, size)
    else:
        print("[postgresql] skipped: set TEST_DATABASE_URL or pass --postgres URL")


if __name__ == "__main__":
    asyncio.run(main())
