"""Apply and inspect Alembic migrations from code (`samskaping db upgrade`, and on start)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at our migrations and `url`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def upgrade(url: str) -> None:
    """Bring the database to the newest revision (Alembic runs its own loop, so in a thread)."""
    # "heads": features may add migrations side by side (several heads); each is applied.
    await asyncio.to_thread(command.upgrade, alembic_config(url), "heads")


def head_revisions() -> frozenset[str]:
    return frozenset(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


async def current_revisions(engine: AsyncEngine) -> frozenset[str]:
    async with engine.connect() as connection:
        return frozenset(await connection.run_sync(lambda c: MigrationContext.configure(c).get_current_heads()))


async def is_current(engine: AsyncEngine) -> bool:
    """True when the database is at the newest migrations."""
    return await current_revisions(engine) == head_revisions()
