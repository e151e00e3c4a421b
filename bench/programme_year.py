"""A programme year on PostgreSQL: the shipped programme (schedules/kulturskolen-utviklingsaktor.yaml, 2027) for
many groups, run by the real planners and dispatcher (`Container.tick`, as `samskaping serve` composes it)
against an in-memory chat port, on a simulated clock ticking every hour of the working day.

People answer in bulk: after each prompt is posted, `--answer-rate` of each group's members answer it the
next working morning (rows written directly, as the answer form would), so reminders go to the others.
Reports wall time, rows written per table, the database size (pg_database_size, with the default retention
settings) and the peak outbox depth (rows pending or claimed, sampled after every tick). Report only: the
issue sets no target. A tick costs about 0.1 s on PostgreSQL here (with four other jobs on two CPUs), and a
year has about 2,900 working hours, so a year — let alone one at the national scale (357 groups, 50,000
members) — takes far longer than the two minutes a benchmark may take here: the default is the first
8 weeks at 1/50 of the national scale (7 groups, 1,000 members); 1/20 for 10 weeks took over 5 minutes.
The rows are also extrapolated linearly to a national year, and marked as such (rough: the programme is
not spread evenly over the year).

    python -m bench.programme_year [--scale 0.02] [--weeks 8] [--postgres URL] [--results FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import time
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel, col

from bench.results import Figure, add_results_option, record
from bot.adapters.memory import MemoryChat
from bot.bootstrap import Container, build, table_modules
from bot.clock import ManualClock
from bot.features.digest.tables import ProgrammeRole
from bot.features.prompts.tables import PromptPost, Reflection
from bot.kernel.chat.messages import Address, Message
from bot.kernel.rules.people import Sector
from bot.kernel.storage.tables import Group, Member, Outbox, OutboxStatus, Programme, Workspace
from bot.settings import Settings

SCHEDULE = "kulturskolen-utviklingsaktor"
START = datetime(2027, 1, 4, 6, 0, tzinfo=UTC)
TZ = ZoneInfo("Europe/Oslo")
NATIONAL_GROUPS, NATIONAL_MEMBERS = 357, 50_000
SECTORS = [s.value for s in Sector]


class CountingChat(MemoryChat):
    """The in-memory port, counting instead of keeping a transcript (a year would not fit in memory)."""

    sent: int = 0

    def _record(self, kind: str, to: Address, key: str, message: Message | None = None,  # type: ignore[override]
                form: object = None) -> str:
        self.sent += 1
        return f"m{self.sent}"


async def seed(app: Container, groups: int, members: int) -> None:
    now = START
    async with app.engine.begin() as connection:
        await connection.execute(insert(Workspace).values(id=1, platform="console", external_id="year", name="År",
                                                          active=True, created_at=now))
        await connection.execute(insert(Programme).values(id=1, workspace_id=1, slug="nasjonal", name="Nasjonalt",
                                                          schedule_id=SCHEDULE, created_at=now))
        await connection.execute(insert(ProgrammeRole), [
            {"workspace_id": 1, "programme_id": 1, "user_id": f"LEAD{n}", "role": "lead", "language": "nb",
             "display_name": f"Leder {n}", "created_at": now} for n in range(3)])
        await connection.execute(insert(Group), [
            {"id": g + 1, "workspace_id": 1, "programme_id": 1, "municipality": f"Kommune {g + 1}",
             "channel_id": f"C{g:05d}", "language": "nb", "timezone": "Europe/Oslo", "hints_enabled": True,
             "adjustments": "{}", "created_at": now} for g in range(groups)])
        rows = [{"id": m + 1, "workspace_id": 1, "group_id": m % groups + 1, "user_id": f"U{m:06d}",
                 "display_name": f"Person {m}", "sector": SECTORS[m % len(SECTORS)],
                 "role": "coordinator" if m < groups else "participant", "hints_enabled": True,
                 "reminders_enabled": True, "active": True, "joined_at": now} for m in range(members)]
        for start in range(0, len(rows), 10_000):
            await connection.execute(insert(Member), rows[start:start + 10_000])
        for table in ("workspace", "programme", "samskaping_group", "member"):
            await connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                          f"(SELECT MAX(id) FROM {table}))"))


async def answer(app: Container, rng: random.Random, rate: float, answered: set[int], now: datetime) -> int:
    """Members answer the posts made since the last morning (each post once), at `rate`."""
    async with app.engine.begin() as connection:
        posts = (await connection.execute(select(col(PromptPost.id), col(PromptPost.group_id)).where(
            col(PromptPost.closed) == False))).all()  # noqa: E712
        fresh = [(p, g) for p, g in posts if p not in answered]
        if not fresh:
            return 0
        people = (await connection.execute(select(col(Member.id), col(Member.group_id)))).all()
        by_group: dict[int, list[int]] = {}
        for member, group in people:
            by_group.setdefault(group, []).append(member)
        body = "Vi har snakket med kulturskolen og barnehagen om et felles prosjekt."
        rows = [{"workspace_id": 1, "post_id": p, "member_id": m, "text": body, "length": len(body), "late": False,
                 "quote_consent": False, "created_at": now, "updated_at": now}
                for p, g in fresh for m in by_group.get(g, []) if rng.random() < rate]
        for start in range(0, len(rows), 10_000):
            await connection.execute(insert(Reflection), rows[start:start + 10_000])
    answered.update(p for p, _ in fresh)
    return len(rows)


def next_step(now: datetime) -> datetime:
    """Hourly from 07:00 to 17:00 local on weekdays; otherwise straight to the next weekday morning."""
    local = now.astimezone(TZ)
    if local.hour >= 17 or local.weekday() >= 5:
        day = local + timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return day.replace(hour=7, minute=0, second=0, microsecond=0).astimezone(UTC)
    return now + timedelta(hours=1)


async def depth(app: Container) -> int:
    async with app.engine.connect() as connection:
        return int((await connection.execute(select(func.count()).select_from(Outbox).where(
            col(Outbox.status).in_((OutboxStatus.PENDING.value, OutboxStatus.CLAIMED.value))))).scalar_one())


async def simulate(url: str, scale: float, weeks: int, rate: float) -> list[Figure]:
    groups, members = max(1, round(NATIONAL_GROUPS * scale)), max(1, round(NATIONAL_MEMBERS * scale))
    clock = ManualClock(START)
    chat = CountingChat(clock)
    app = build(Settings(database_url=url, _env_file=None), clock=clock, ports={"console": chat})
    await app.migrate()
    await seed(app, groups, members)
    rng = random.Random(2027)  # noqa: S311 - a simulation
    answered: set[int] = set()
    end, ticks, peak, answers = START + timedelta(weeks=weeks), 0, 0, 0
    started = time.perf_counter()
    while clock.now() < end:
        await app.tick()
        peak = max(peak, await depth(app))
        ticks += 1
        if clock.now().astimezone(TZ).hour == 7:
            answers += await answer(app, rng, rate, answered, clock.now())
        clock.set(next_step(clock.now()))
    wall = time.perf_counter() - started
    counts = await row_counts(app)
    async with app.engine.connect() as connection:
        size = int((await connection.execute(text("SELECT pg_database_size(current_database())"))).scalar_one())
    await app.close()
    written = sum(counts.values())
    busiest = ", ".join(f"{name} {n:,}" for name, n in sorted(counts.items(), key=lambda kv: -kv[1])[:5])
    factor = NATIONAL_MEMBERS / members * 52 / weeks
    print(f"[PostgreSQL] {groups} groups, {members:,} members, {weeks} weeks from {START:%Y-%m-%d}: {ticks:,} ticks "
          f"in {wall:.0f} s ({wall / max(ticks, 1) * 1000:.0f} ms a tick); {answers:,} answers; "
          f"{chat.sent:,} messages delivered; rows {written:,} ({busiest}); database {size / 2**20:.0f} MB; "
          f"peak outbox depth {peak:,}")
    scaled = f"{scale:g} of national, {weeks} weeks"
    return [
        Figure("programme_year", f"programme year ({scaled}): wall time", f"{wall:.0f} s for {ticks:,} ticks", "",
               f"{wall / max(ticks, 1) * 1000:.0f} ms a tick", "PostgreSQL", None),
        Figure("programme_year", f"programme year ({scaled}): rows written",
               f"{written:,} (≈ {written * factor:,.0f} for a national year, extrapolated ×{factor:.0f})", "", busiest,
               "PostgreSQL", None),
        Figure("programme_year", f"programme year ({scaled}): database size, default retention",
               f"{size / 2**20:.0f} MB", "", f"{chat.sent:,} messages delivered", "PostgreSQL", None),
        Figure("programme_year", f"programme year ({scaled}): peak outbox depth", f"{peak:,} rows", "",
               "pending + claimed, after each tick", "PostgreSQL", None),
    ]


async def row_counts(app: Container) -> dict[str, int]:
    table_modules()
    counts = {}
    async with app.engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            n = int((await connection.execute(select(func.count()).select_from(table))).scalar_one())
            if n:
                counts[table.name] = n
    return counts


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.02, help="share of the national 357 groups / 50,000 members")
    parser.add_argument("--weeks", type=int, default=8)
    parser.add_argument("--answer-rate", type=float, default=0.58)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    add_results_option(parser)
    args = parser.parse_args()
    if not args.postgres:
        print("[PostgreSQL] skipped: set TEST_DATABASE_URL or pass --postgres URL")
        return
    admin = args.postgres.replace("postgresql://", "postgresql+asyncpg://", 1).replace("+psycopg:", "+asyncpg:", 1)
    name = f"samskaping_bench_year_{uuid.uuid4().hex[:8]}"
    engine = create_async_engine(admin, isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        left = (await connection.execute(text(  # a run stopped by `make bench`'s time limit leaves its database
            "SELECT datname FROM pg_database WHERE datname LIKE 'samskaping\\_bench\\_year\\_%'"))).scalars().all()
        for stale in left:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{stale}" WITH (FORCE)'))
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        record(args.results, await simulate(f"{admin.rsplit('/', 1)[0]}/{name}", args.scale, args.weeks,
                                            args.answer_rate))
    finally:
        async with engine.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
