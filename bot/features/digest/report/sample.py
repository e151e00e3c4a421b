"""A synthetic programme for the benchmark and the demo screenshot: bulk inserts, seeded randomness, no names."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col

from bot.features.prompts.tables import PromptPost, Reflection
from bot.kernel.rules.people import Sector
from bot.kernel.rules.weeks import week_of
from bot.kernel.storage.tables import Group, Member, Programme, Workspace

PLACES = ("Bodø", "Tromsø", "Alta", "Vik", "Moss", "Os", "Lom", "Voss", "Hamar", "Molde", "Narvik", "Steinkjer")
SENTENCES = (
    "Vi møtte barnehagen og skolen for å planlegge en felles konsert.",
    "Kulturskolen inviterte elevene fra SFO til en åpen øvelse.",
    "Forankring i politikken tar tid, men administrasjonen er med.",
    "Det var nyttig å bli kjent med frivilligheten i kommunen.",
    "Vi trenger mer tid til refleksjon mellom samlingene.",
    "Innbyggerne ønsker flere møteplasser for barn og unge.",
    "Samarbeidet mellom barnehagen og kulturskolen gir nye ideer.",
    "Rektor og kulturskolerektor lager en plan for neste halvår.",
)
CHUNK = 5000


@dataclass(frozen=True)
class SampleSize:
    groups: int = 8
    members: int = 160
    reflections: int = 2000
    weeks: int = 8


async def _insert(engine: AsyncEngine, table: Any, rows: list[dict[str, Any]]) -> None:
    async with engine.begin() as connection:
        for start in range(0, len(rows), CHUNK):
            await connection.execute(insert(table), rows[start:start + CHUNK])


async def _ids(engine: AsyncEngine, column: Any, where: Any) -> list[int]:
    async with engine.connect() as connection:
        return list((await connection.execute(select(column).where(where).order_by(column))).scalars())


async def seed_sample(engine: AsyncEngine, *, now: datetime, size: SampleSize = SampleSize(), tz: str = "Europe/Oslo",
                      seed: int = 7) -> tuple[int, str]:
    """Create a programme 'nasjonal' ending the week before `now`; returns (programme id, ISO week)."""
    rng = random.Random(seed)  # noqa: S311 - test data, not security
    start = now - timedelta(weeks=size.weeks)
    ws = await _one(engine, Workspace, {"platform": "console", "external_id": f"bench-{seed}", "name": "Bench",
                                         "active": True, "created_at": start})
    programme = await _one(engine, Programme, {"workspace_id": ws, "slug": "nasjonal", "name": "Nasjonalt program",
                                                "created_at": start})
    await _insert(engine, Group, [_group(ws, programme, n, start) for n in range(size.groups)])
    groups = await _ids(engine, Group.id, Group.workspace_id == ws)
    await _insert(engine, Member, [_member(ws, groups[n % len(groups)], n, start, rng) for n in range(size.members)])
    await _insert(engine, PromptPost, [_post(ws, g, w, start) for g in groups for w in range(size.weeks)])
    await _reflections(engine, ws, size, rng)
    return programme, str(week_of(now - timedelta(weeks=1), tz))


async def _one(engine: AsyncEngine, table: Any, values: dict[str, Any]) -> int:
    async with engine.begin() as connection:
        return int((await connection.execute(insert(table).values(**values).returning(table.id))).scalar_one())


def _group(ws: int, programme: int, n: int, start: datetime) -> dict[str, Any]:
    name = PLACES[n % len(PLACES)] + (f" {n // len(PLACES) + 1}" if n >= len(PLACES) else "")
    return {"workspace_id": ws, "programme_id": programme, "municipality": name, "channel_id": f"C{n:05d}",
            "language": "nb", "timezone": "Europe/Oslo", "hints_enabled": True, "adjustments": "{}",
            "created_at": start}


def _member(ws: int, group: int, n: int, start: datetime, rng: random.Random) -> dict[str, Any]:
    return {"workspace_id": ws, "group_id": group, "user_id": f"U{n:06d}", "display_name": f"Person {n}",
            "sector": rng.choice(list(Sector)).value, "role": "coordinator" if n < 1 else "participant",
            "hints_enabled": True, "reminders_enabled": True, "joined_at": start}


def _post(ws: int, group: int, week: int, start: datetime) -> dict[str, Any]:
    at = start + timedelta(weeks=week, hours=9)
    return {"workspace_id": ws, "group_id": group, "prompt_id": f"p{week}", "occurrence_key": f"w{week}",
            "post_at": at, "due_at": at + timedelta(days=4), "reminder_times": "[]", "reminders_done": 0,
            "closed": True, "created_at": at}


async def _reflections(engine: AsyncEngine, ws: int, size: SampleSize, rng: random.Random) -> None:
    """About `size.reflections` answers, spread over every post and its group's members."""
    async with engine.connect() as connection:
        posts = (await connection.execute(select(col(PromptPost.id), col(PromptPost.group_id), col(PromptPost.post_at))
                                          .where(col(PromptPost.workspace_id) == ws))).all()
        members = (await connection.execute(select(col(Member.id), col(Member.group_id))
                                            .where(col(Member.workspace_id) == ws))).all()
    by_group: dict[int, list[int]] = {}
    for member_id, group_id in members:
        if member_id is not None:  # always set on a stored row; the column is typed int | None
            by_group.setdefault(group_id, []).append(member_id)
    possible = sum(len(by_group.get(g, [])) for _, g, _ in posts)
    chance = min(0.95, 1.15 * size.reflections / max(1, possible))  # a little over, then trimmed
    rows = [_reflection(ws, post_id, m, at, rng) for post_id, g, at in posts if post_id is not None
            for m in by_group.get(g, []) if rng.random() < chance * rng.uniform(0.3, 1.7)]
    rng.shuffle(rows)  # keep an even spread over the weeks when trimming to the wanted count
    await _insert(engine, Reflection, sorted(rows[: size.reflections], key=lambda r: (r["post_id"], r["member_id"])))


def _reflection(ws: int, post: int, member: int, at: datetime, rng: random.Random) -> dict[str, Any]:
    text = " ".join(rng.sample(SENTENCES, rng.randint(1, 3)))
    when = at + timedelta(hours=rng.randint(1, 90))
    return {"workspace_id": ws, "post_id": post, "member_id": member, "text": text, "length": len(text),
            "late": False, "quote_consent": rng.random() < 0.1, "created_at": when, "updated_at": when}


async def count_reflections(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(select(func.count()).select_from(Reflection))).scalar_one())
