"""Shared fixtures: a fresh database per test (SQLite always, PostgreSQL when TEST_DATABASE_URL is set),
a manual clock, the in-memory chat, no platform credentials and no network beyond loopback."""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel

from bot.adapters.memory import MemoryChat
from bot.bootstrap import Container, build, table_modules
from bot.clock import ManualClock
from bot.kernel.storage.engine import create_engine
from bot.settings import Settings
from tests.fakes import Conversation

PLATFORM_ENV = ("SLACK_", "TEAMS_", "CLIENT_ID", "CLIENT_SECRET", "TENANT_ID", "SERVICE_URL", "DATABASE_URL",
                "DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS", "PORT", "PROMPTS_DIR", "SCHEDULES_DIR", "SECRET_KEY",
                "REPORT_SECRET_KEY", "LOG_LEVEL", "LANGUAGE", "TIMEZONE")
START = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # Monday 09:00 in Oslo


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No platform credentials leak in from the developer's shell or a .env file."""
    for name in list(os.environ):
        if name.startswith(PLATFORM_ENV):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setitem(Settings.model_config, "env_file", None)


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any network call beyond this machine fails loudly."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in ("127.0.0.1", "::1", "localhost"):
            raise RuntimeError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


def _backends() -> list[str]:
    return ["sqlite", "postgres"] if os.environ.get("TEST_DATABASE_URL") else ["sqlite"]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str | None]:
    """A throwaway PostgreSQL database for this test run (dropped afterwards), or None."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield None
        return
    import asyncio

    name = f"samskaping_test_{uuid.uuid4().hex[:10]}"
    admin = base.replace("postgresql://", "postgresql+asyncpg://", 1) if base.startswith("postgresql://") else base

    async def _admin(sql: str) -> None:
        engine = create_async_engine(admin, isolation_level="AUTOCOMMIT")
        async with engine.connect() as connection:
            await connection.execute(text(sql))
        await engine.dispose()

    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    asyncio.run(_create_schema(admin.rsplit("/", 1)[0] + f"/{name}"))
    yield admin.rsplit("/", 1)[0] + f"/{name}"
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _create_schema(url: str) -> None:
    table_modules()  # every table, the kernel's and the features', is on SQLModel.metadata
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(SQLModel.metadata.drop_all)
        await connection.run_sync(SQLModel.metadata.create_all)
    await engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database with the current schema, made once per test process and copied per test."""
    import asyncio

    path = tmp_path_factory.mktemp("schema") / "template.db"
    asyncio.run(_create_schema(f"sqlite+aiosqlite:///{path}"))
    return path


async def _empty_postgres(url: str) -> None:
    """Every table emptied and its ids restarted (much cheaper than dropping and creating the schema)."""
    engine = create_engine(url)
    names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    try:
        async with engine.begin() as connection:
            await connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    except Exception:  # a test changed the schema (migrations, faults): build it again
        await engine.dispose()
        await _create_schema(url)
    else:
        await engine.dispose()


@pytest.fixture(params=_backends())
async def database_url(request: pytest.FixtureRequest, tmp_path: Path, postgres_url: str | None,
                       sqlite_template: Path) -> AsyncIterator[str]:
    """An empty database with the current schema, on each configured backend."""
    if request.param == "sqlite":
        shutil.copyfile(sqlite_template, tmp_path / "test.db")
        yield f"sqlite+aiosqlite:///{tmp_path}/test.db"
        return
    assert postgres_url is not None
    await _empty_postgres(postgres_url)
    yield postgres_url


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
async def app(settings: Settings, clock: ManualClock) -> AsyncIterator[Container]:
    chat = MemoryChat(clock)
    container = build(settings, clock=clock, ports={"console": chat})
    yield container
    await container.close()


@pytest.fixture
def chat(app: Container) -> MemoryChat:
    port = app.ports["console"]
    assert isinstance(port, MemoryChat)
    return port


@pytest.fixture
def convo(app: Container, chat: MemoryChat) -> Conversation:
    return Conversation(app, chat)
