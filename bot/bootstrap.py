"""The composition root: the only place that builds engines, ports, services and the scheduler."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.chat.port import ChatPort
from bot.clock import Clock, SystemClock
from bot.commands.router import Router
from bot.content.prompts import load_prompts
from bot.content.schedules import load_schedules
from bot.content.texts import default_texts
from bot.delivery.dispatcher import Dispatcher, DispatchPolicy, TickResult
from bot.services import digest_delivery, planner
from bot.services.context import AppContext
from bot.settings import Settings
from bot.storage import migrate
from bot.storage.engine import create_engine, session_factory

log = logging.getLogger(__name__)


@dataclass
class Container:
    """Everything a running bot is made of; `close()` releases it."""

    settings: Settings
    engine: AsyncEngine
    ctx: AppContext
    router: Router
    dispatcher: Dispatcher
    ports: dict[str, ChatPort] = field(default_factory=dict)

    async def migrate(self) -> None:
        await migrate.upgrade(self.settings.database_url)

    async def tick(self) -> TickResult:
        """One beat of the bell: plan what has come due, then deliver it."""
        await planner.plan(self.ctx)
        await digest_delivery.plan_digests(self.ctx)
        return await self.dispatcher.tick()

    async def close(self) -> None:
        await self.engine.dispose()


def worker_name() -> str:
    """Identifies this process in outbox claims (host and pid)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def build(settings: Settings, *, clock: Clock | None = None, ports: Mapping[str, ChatPort] | None = None,
          engine: AsyncEngine | None = None) -> Container:
    """Wire the bot from settings; nothing connects until first use."""
    clock = clock or SystemClock()
    engine = engine or create_engine(settings.database_url)
    sessions = session_factory(engine)
    prompts = load_prompts(settings.prompts_dir)
    schedules = load_schedules(settings.schedules_dir, prompt_ids=prompts.ids())
    for problem in (*prompts.problems, *schedules.problems):
        log.warning("content problem (left out, the rest still works): %s", problem)
    ctx = AppContext(sessions=sessions, clock=clock, settings=settings, texts=default_texts(),
                     prompts=prompts, schedules=schedules)
    port_map = dict(ports or {})
    policy = DispatchPolicy(
        lease=timedelta(seconds=settings.outbox_lease_seconds), grace=timedelta(hours=settings.outbox_grace_hours),
        batch_size=settings.dispatch_batch_size, max_attempts=settings.outbox_max_attempts,
    )
    dispatcher = Dispatcher(sessions, clock, port_map, worker=worker_name(), policy=policy)
    return Container(settings, engine, ctx, Router(ctx), dispatcher, port_map)
