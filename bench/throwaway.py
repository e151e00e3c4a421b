"""A throwaway PostgreSQL database for one benchmark run: created on entry, dropped (forced) on exit."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine


@asynccontextmanager
async def throwaway_database(base_url: str, prefix: str = "samskaping_bench") -> AsyncIterator[str]:
    """Yield the URL of a new, empty database on the server of `base_url`."""
    admin = base_url.replace("postgresql://", "postgresql+asyncpg://", 1)
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    engine = create_async_engine(admin, isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.rsplit("/", 1)[0] + f"/{name}"
    finally:
        async with engine.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await engine.dispose()
