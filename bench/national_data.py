"""A national programme year for the benchmarks: 357 groups, 50,000 members, about 1.5 million answers.

Rows go in with explicit ids in chunks, never all in memory at once: COPY on PostgreSQL, the stdlib sqlite3
driver's executemany on SQLite. Building it takes a minute or so, so a built database is kept: an SQLite file in the
cache folder, a template database on the PostgreSQL server; both named after the size and the schema, so a
changed table builds a new one. Besides the answers, every digest section has data: milestones (done, due,
overdue), stakeholders and weekly jargon counts.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import random
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel

from bot.bootstrap import table_modules
from bot.features.anchoring.tables import Stakeholder
from bot.features.digest.report.sample import PLACES, SENTENCES
from bot.features.language.tables import JargonCount
from bot.features.milestones.tables import Milestone
from bot.features.prompts.tables import PromptPost, Reflection
from bot.kernel.rules.people import Sector
from bot.kernel.rules.weeks import week_of
from bot.kernel.storage import migrate
from bot.kernel.storage.engine import create_engine
from bot.kernel.storage.tables import Group, Member, Programme, Workspace, table_of

CHUNK = 20_000
SECTORS = [s.value for s in Sector]
DIRECTIONS = ("sideveis", "oppover", "nedover")
RELATIONS = ("informert", "involvert", "forankret")


@dataclass(frozen=True)
class NationalSize:
    groups: int = 357
    members: int = 50_000
    weeks: int = 52
    answer_rate: float = 0.58  # 50,000 × 52 × 0.58 ≈ 1.5 million answers

    @property
    def tag(self) -> str:
        return f"g{self.groups}-m{self.members}-w{self.weeks}-r{round(self.answer_rate * 100)}"


@dataclass(frozen=True)
class National:
    """What was built: the programme, the digest's week and the row counts."""

    programme_id: int
    week: str
    reflections: int
    members: int
    groups: int


def schema_tag() -> str:
    """Changes whenever a table, column or index changes, so a cached database is never one of an older schema."""
    table_modules()
    shape = sorted((t.name, tuple(sorted(c.name for c in t.columns)), tuple(sorted(str(i.name) for i in t.indexes)))
                   for t in SQLModel.metadata.sorted_tables)
    return hashlib.sha256(repr(shape).encode()).hexdigest()[:10]


def cache_dir() -> Path:
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "samskaping-bench"


async def sqlite_national(folder: Path, size: NationalSize, now: datetime) -> tuple[str, National, bool]:
    """An SQLite copy of the national database in `folder`: (url, what it holds, whether it came from the cache)."""
    cached = cache_dir() / f"national-{size.tag}-{schema_tag()}.db"
    target = folder / "national.db"
    hit = cached.exists()
    if not hit:
        cached.parent.mkdir(parents=True, exist_ok=True)
        building = cached.with_suffix(".building")
        building.unlink(missing_ok=True)
        await build(f"sqlite+aiosqlite:///{building}", size, now)
        building.replace(cached)
    shutil.copyfile(cached, target)
    url = f"sqlite+aiosqlite:///{target}"
    return url, describe(size, now), hit


async def postgres_national(admin_url: str, name: str, size: NationalSize, now: datetime) -> tuple[str, bool]:
    """A new database `name` on the server, copied from a kept template (built first when missing)."""
    template = f"samskaping_bench_national_{size.tag.replace('-', '_')}_{schema_tag()}"
    admin = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    base = admin_url.rsplit("/", 1)[0]
    try:
        async with admin.connect() as connection:
            found = (await connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                              {"n": template})).first()
            hit = found is not None
            if not hit:
                await connection.execute(text(f'CREATE DATABASE "{template}_building"'))
        if not hit:
            await build(f"{base}/{template}_building", size, now)
            async with admin.connect() as connection:
                await connection.execute(text(f'ALTER DATABASE "{template}_building" RENAME TO "{template}"'))
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    finally:
        await admin.dispose()
    return f"{base}/{name}", hit


def describe(size: NationalSize, now: datetime) -> National:
    return National(programme_id=1, week=str(week_of(now - timedelta(weeks=1), "Europe/Oslo")),
                    reflections=-1, members=size.members, groups=size.groups)


async def build(url: str, size: NationalSize, now: datetime, seed: int = 19) -> None:
    """The schema through the real migration path, then every row in bulk, then fresh statistics."""
    table_modules()
    await migrate.upgrade(url, fresh_schema=SQLModel.metadata)
    rng = random.Random(seed)  # noqa: S311 - benchmark data, not security
    start = now - timedelta(weeks=size.weeks)
    tables: list[tuple[Any, Iterable[dict[str, Any]]]] = [
        (Workspace, [{"id": 1, "platform": "console", "external_id": "national", "name": "Nasjonal", "active": True,
                      "created_at": start}]),
        (Programme, [{"id": 1, "workspace_id": 1, "slug": "nasjonal", "name": "Nasjonalt program",
                      "created_at": start}]),
        (Group, (_group(n, start) for n in range(size.groups))),
        (Member, (_member(n, size, start) for n in range(size.members))),
        (PromptPost, (_post(g, w, size, start) for g in range(size.groups) for w in range(size.weeks))),
        (Reflection, _reflections(size, start, rng)),
        (Milestone, _milestones(size, start, now)),
        (Stakeholder, _stakeholders(size, start, rng)),
        (JargonCount, ({"id": g * size.weeks + w + 1, "workspace_id": 1, "group_id": g + 1,
                        "week_start": (start + timedelta(weeks=w)).date(), "messages": rng.randint(20, 200),
                        "findings": rng.randint(0, 30)} for g in range(size.groups) for w in range(size.weeks))),
    ]
    if url.startswith("sqlite"):
        await asyncio.to_thread(_fill_sqlite, url.split("///", 1)[1], tables)
    else:
        await _fill_postgres(url, tables)


def _columns(table: Any) -> list[str]:
    return [c.name for c in table_of(table).columns]


def _fill_sqlite(path: str, tables: list[tuple[Any, Iterable[dict[str, Any]]]]) -> None:
    """stdlib sqlite3 with tuples in SQLAlchemy's storage formats: several times faster than the ORM's path."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA synchronous=OFF")
        for table, rows in tables:
            names = _columns(table)
            sql = (f'INSERT INTO "{table_of(table).name}" ({", ".join(f"{chr(34)}{n}{chr(34)}" for n in names)}) '
                   f'VALUES ({", ".join("?" * len(names))})')
            for chunk in _chunks(rows):
                connection.executemany(sql, [tuple(_sqlite_value(row.get(n)) for n in names) for row in chunk])
        connection.commit()
        connection.execute("ANALYZE")
        connection.commit()
    finally:
        connection.close()


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


async def _fill_postgres(url: str, tables: list[tuple[Any, Iterable[dict[str, Any]]]]) -> None:
    """COPY through asyncpg, then the id sequences past the explicit ids, then VACUUM ANALYZE."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            raw = (await connection.get_raw_connection()).driver_connection
            assert raw is not None  # noqa: S101
            for table, rows in tables:
                names = _columns(table)
                for chunk in _chunks(rows):
                    await raw.copy_records_to_table(table_of(table).name, columns=names, records=[
                        tuple(_postgres_value(row.get(n)) for n in names) for row in chunk])
            for table in SQLModel.metadata.sorted_tables:
                if "id" in table.columns:
                    await raw.execute(f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                                      f"COALESCE((SELECT MAX(id) FROM \"{table.name}\"), 0) + 1, false)")
            await raw.execute("VACUUM ANALYZE")
    finally:
        await engine.dispose()


def _postgres_value(value: Any) -> Any:
    return value.astimezone(UTC).replace(tzinfo=None) if isinstance(value, datetime) else value


def _chunks(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _group(n: int, start: datetime) -> dict[str, Any]:
    name = PLACES[n % len(PLACES)] + (f" {n // len(PLACES) + 1}" if n >= len(PLACES) else "")
    return {"id": n + 1, "workspace_id": 1, "programme_id": 1, "municipality": name, "channel_id": f"C{n:05d}",
            "language": "nn" if n % 7 == 0 else "nb", "timezone": "Europe/Oslo", "hints_enabled": True,
            "adjustments": "{}", "created_at": start}


def _group_of(member: int, size: NationalSize) -> int:
    return member % size.groups


def _member(n: int, size: NationalSize, start: datetime) -> dict[str, Any]:
    return {"id": n + 1, "workspace_id": 1, "group_id": _group_of(n, size) + 1, "user_id": f"U{n:06d}",
            "display_name": f"Person {n}", "sector": SECTORS[n % len(SECTORS)],
            "role": "coordinator" if n < size.groups else "participant", "hints_enabled": True,
            "reminders_enabled": True, "active": True, "joined_at": start}


def _post_id(group: int, week: int, size: NationalSize) -> int:
    return group * size.weeks + week + 1


def _post(group: int, week: int, size: NationalSize, start: datetime) -> dict[str, Any]:
    at = start + timedelta(weeks=week, hours=9)
    return {"id": _post_id(group, week, size), "workspace_id": 1, "group_id": group + 1, "prompt_id": f"p{week}",
            "occurrence_key": f"w{week}", "post_at": at, "due_at": at + timedelta(days=4), "reminder_times": "[]",
            "reminders_done": 0, "closed": True, "created_at": at}


def _reflections(size: NationalSize, start: datetime, rng: random.Random) -> Iterator[dict[str, Any]]:
    """Each member answers each week's post with the answer rate; texts of one to three sentences."""
    texts = [" ".join(rng.sample(SENTENCES, rng.randint(1, 3))) for _ in range(200)]
    next_id = 1
    for week in range(size.weeks):
        at = start + timedelta(weeks=week, hours=9)
        for member in range(size.members):
            if rng.random() >= size.answer_rate:
                continue
            body = texts[rng.randrange(len(texts))]
            when = at + timedelta(hours=rng.randint(1, 90))
            yield {"id": next_id, "workspace_id": 1, "post_id": _post_id(_group_of(member, size), week, size),
                   "member_id": member + 1, "text": body, "length": len(body), "late": when > at + timedelta(days=4),
                   "quote_consent": rng.random() < 0.1, "created_at": when, "updated_at": when}
            next_id += 1


def _milestones(size: NationalSize, start: datetime, now: datetime) -> Iterator[dict[str, Any]]:
    """Twelve per group, one every four weeks or so: done before now (some overdue), planned after."""
    for group in range(size.groups):
        for n in range(12):
            due = (start + timedelta(days=30 * n + group % 20)).date()
            status = "planned" if due >= now.date() else ("overdue" if (group + n) % 5 == 0 else "done")
            yield {"id": group * 12 + n + 1, "workspace_id": 1, "group_id": group + 1, "number": n + 1,
                   "title": f"Milepæl {n + 1}", "kind": "annet", "due_date": due, "status": status,
                   "planned_at": start, "created_at": start,
                   "done_at": datetime.combine(due, time(9), tzinfo=UTC) if status == "done" else None}


def _stakeholders(size: NationalSize, start: datetime, rng: random.Random) -> Iterator[dict[str, Any]]:
    for group in range(size.groups):
        for n in range(6):
            yield {"id": group * 6 + n + 1, "workspace_id": 1, "group_id": group + 1, "number": n + 1,
                   "name_or_role": f"Rolle {n + 1}", "direction": DIRECTIONS[n % 3],
                   "relation": rng.choice(RELATIONS), "created_at": start}
