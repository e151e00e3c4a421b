"""Digest speed: the weekly digest of a national programme year (357 groups, 50,000 members, ~1.5 million
answers), built through the same composition as `samskaping serve` (`bot.bootstrap.build`, every registered
section) — the same call the weekly delivery makes.

Prints seconds (warm: the lemma dictionaries and the query plans loaded; cold too) and peak memory
(tracemalloc's peak during the digest, and the process's ru_maxrss) on SQLite, and on PostgreSQL when
TEST_DATABASE_URL or --postgres is given. Targets: < 1 s on PostgreSQL, < 300 MB. Baseline from the same
run: a plain COUNT(*) over the answers, so the figure also holds as a ratio. The database is built once
and kept (bench/national_data.py), so a second run takes seconds.

    python -m bench.digest_speed [--postgres URL] [--results FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import tempfile
import time
import tracemalloc
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.national_data import NationalSize, postgres_national, sqlite_national
from bench.results import Figure, add_results_option, record
from bot.bootstrap import build
from bot.clock import ManualClock
from bot.features.digest.rules import Digest
from bot.features.digest.service import programme_digest
from bot.features.prompts.tables import Reflection
from bot.kernel.context import AppContext
from bot.kernel.rules.weeks import IsoWeek, week_of
from bot.kernel.storage.tables import Programme
from bot.settings import Settings

NOW = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
TARGET_SECONDS = {"PostgreSQL": 1.0}
TARGET_MB = 300
WARM_RUNS = 3


async def measure(url: str, database: str, note: str) -> list[Figure]:
    settings = Settings(database_url=url, _env_file=None)
    app = build(settings, clock=ManualClock(NOW))  # the same composition as `samskaping serve`
    ctx = app.ctx
    week = week_of(NOW, settings.timezone).previous()
    async with app.engine.connect() as connection:
        started = time.perf_counter()
        answers = int((await connection.execute(select(func.count()).select_from(Reflection))).scalar_one())
        baseline = time.perf_counter() - started
    names = ", ".join(provider.__name__ for provider in ctx.features.digest_sections)
    print(f"[{database}] {note}; {answers:,} answers; sections: themes, quotes, groups, {names}")
    cold, _, digest = await _digest(ctx, week, traced=False)
    warm = statistics.median([(await _digest(ctx, week, traced=False))[0] for _ in range(WARM_RUNS)])
    _, peak, _ = await _digest(ctx, week, traced=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with_sections = sum(1 for g in digest.groups if g.sections)
    print(f"[{database}] digest {week}: {len(digest.groups)} groups ({with_sections} with feature sections), "
          f"{len(digest.themes)} themes; cold {cold:.2f} s, warm {warm:.2f} s (median of {WARM_RUNS}); "
          f"COUNT(*) {baseline * 1000:.0f} ms; "
          f"tracemalloc peak {peak / 2**20:.0f} MB; ru_maxrss {rss:.0f} MB (whole process so far)")
    await app.close()
    target = TARGET_SECONDS.get(database)
    return [
        Figure("digest_speed", "national digest (357 groups, 50,000 members, 1.5 M answers), warm", f"{warm:.2f} s",
               f"< {target:g} s" if target else "", f"COUNT(*) {baseline:.2f} s; cold {cold:.2f} s", database,
               warm < target if target else None),
        Figure("digest_speed", "national digest, peak memory", f"{peak / 2**20:.0f} MB (tracemalloc)",
               f"< {TARGET_MB} MB", f"process ru_maxrss {rss:.0f} MB", database, peak < TARGET_MB * 2**20),
    ]


async def _digest(ctx: AppContext, week: IsoWeek, *, traced: bool) -> tuple[float, int, Digest]:
    """Seconds and (when traced) the tracemalloc peak of one digest; tracing slows Python down, so it is separate."""
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    async with ctx.sessions() as session:
        programme = await session.get(Programme, 1)
        assert programme is not None  # noqa: S101
        digest = await programme_digest(session, ctx, programme, week)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    if traced:
        tracemalloc.stop()
    assert len(digest.groups) > 0  # noqa: S101
    return elapsed, peak, digest


async def on_sqlite(size: NationalSize) -> list[Figure]:
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        url, _, hit = await sqlite_national(Path(folder), size, NOW)
        note = f"database {'from the cache' if hit else 'built'} in {time.perf_counter() - started:.0f} s"
        return await measure(url, "SQLite", note)


async def on_postgres(base: str, size: NationalSize) -> list[Figure]:
    admin = base.replace("postgresql://", "postgresql+asyncpg://", 1).replace("+psycopg:", "+asyncpg:", 1)
    name = f"samskaping_bench_digest_{uuid.uuid4().hex[:8]}"
    started = time.perf_counter()
    url, hit = await postgres_national(admin, name, size, NOW)
    note = f"database {'copied from the kept template' if hit else 'built'} in {time.perf_counter() - started:.0f} s"
    try:
        return await measure(url, "PostgreSQL", note)
    finally:
        engine = create_async_engine(admin, isolation_level="AUTOCOMMIT")
        async with engine.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await engine.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    add_results_option(parser)
    args = parser.parse_args()
    size = NationalSize()
    figures = await on_sqlite(size)
    if args.postgres:
        figures += await on_postgres(args.postgres, size)
    else:
        print("[PostgreSQL] skipped: set TEST_DATABASE_URL or pass --postgres URL")
    record(args.results, figures)


if __name__ == "__main__":
    asyncio.run(main())
