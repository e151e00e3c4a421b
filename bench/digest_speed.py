"""Digest speed: one weekly digest of a national programme (350 groups, 10,000 members, 100,000 reflections).

Prints seconds and peak memory (tracemalloc and ru_maxrss) on SQLite, and on PostgreSQL when TEST_DATABASE_URL
or --postgres is given (a throwaway database is created and dropped). Target: under 5 s and under 300 MB.
The baseline from the same run is a plain COUNT(*) over the reflections, so the figure is also a ratio.

    python bench/digest_speed.py [--groups 350 --members 10000 --reflections 100000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402
from sqlmodel import SQLModel  # noqa: E402
from throwaway import throwaway_database

from bot.clock import ManualClock  # noqa: E402
from bot.core.weeks import IsoWeek  # noqa: E402
from bot.reports.sample import SampleSize, count_reflections, seed_sample  # noqa: E402
from bot.services.digest import programme_digest  # noqa: E402
from bot.services.digest_sections import SECTION_PROVIDERS  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.storage import tables  # noqa: E402,F401
from bot.storage.engine import create_engine, session_factory  # noqa: E402
from bot.storage.tables import Programme  # noqa: E402

NOW = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)


def milestone_note(milestones: int) -> str:
    if "milestone" not in SQLModel.metadata.tables:
        return f"milestones: the milestone table does not exist yet; {milestones} milestones not seeded (skipped)"
    if not SECTION_PROVIDERS:
        return (f"milestones: the table exists but no digest section provider is registered yet; "
                f"{milestones} milestones not seeded (skipped)")
    return "milestones: provider registered (seeding milestones is not implemented in this script)"


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
    settings = Settings(database_url=url, _env_file=None)  # type: ignore[call-arg]
    sessions = session_factory(engine)
    cold, _ = await _digest(sessions, settings, programme_id, week, traced=False)
    warm, _ = await _digest(sessions, settings, programme_id, week, traced=False)
    _, peak = await _digest(sessions, settings, programme_id, week, traced=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"[{label}] seeded {count} reflections in {seeded:.1f} s; baseline COUNT(*) {baseline * 1000:.1f} ms")
    print(f"[{label}] digest {week}: cold {cold:.2f} s (incl. simplemma load), warm {warm:.2f} s "
          f"= {warm / max(baseline, 1e-6):.0f}× the COUNT(*); tracemalloc peak (warm) {peak / 2**20:.1f} MB; "
          f"ru_maxrss {rss:.0f} MB (process so far)")
    print(f"[{label}] target < 5 s and < 300 MB: {'met' if warm < 5 and peak < 300 * 2**20 else 'NOT met'}")
    await engine.dispose()


async def _digest(sessions: object, settings: Settings, programme_id: int, week: str, *, traced: bool
                  ) -> tuple[float, int]:
    """Seconds and (when traced) the tracemalloc peak of one digest; tracing slows Python down, so it is separate."""
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    async with sessions() as session:  # type: ignore[operator]
        programme = await session.get(Programme, programme_id)
        year, number = week.split("-W")
        digest = await programme_digest(session, settings, ManualClock(NOW), programme, IsoWeek(int(year), int(number)))
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
    parser.add_argument("--milestones", type=int, default=2_000)
    parser.add_argument("--weeks", type=int, default=14)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    args = parser.parse_args()
    size = SampleSize(args.groups, args.members, args.reflections, args.weeks)
    print(f"digest of {args.groups} groups, {args.members} members, {args.reflections} reflections")
    print(milestone_note(args.milestones))
    with tempfile.TemporaryDirectory() as folder:
        await measure(f"sqlite+aiosqlite:///{folder}/bench.db", size, "sqlite")
    if args.postgres:
        await on_postgres(args.postgres, size)
    else:
        print("[postgresql] skipped: set TEST_DATABASE_URL or pass --postgres URL")


if __name__ == "__main__":
    asyncio.run(main())
