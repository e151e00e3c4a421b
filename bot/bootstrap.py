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
from bot.content.prompts import PromptLibrary
from bot.content.schedules import ScheduleSet
from bot.content.texts import default_texts
from bot.content.watch import ContentWatcher, load_content
from bot.delivery.dispatcher import Dispatcher, DispatchPolicy, TickResult
from bot.services import (
    digest_delivery,
    digest_providers,  # noqa: F401 - registers the milestone and anchoring sections
    planner,
)
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
    content: ContentWatcher | None = None

    async def migrate(self) -> None:
        await migrate.upgrade(self.settings.database_url)

    async def tick(self) -> TickResult:
        """One beat of the bell: pick up edited content, plan what has come due, then deliver it."""
        if self.content is not None:
            self.content.refresh()
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
    prompts, schedules, problems = load_content(settings.prompts_dir, settings.schedules_dir)
    for problem in problems:
        log.warning("content problem (left out, the rest still works): %s", problem)
    ctx = AppContext(sessions=sessions, clock=clock, settings=settings, texts=default_texts(),
                     prompts=prompts, schedules=schedules)
    port_map = dict(ports or {})
    policy = DispatchPolicy(
        lease=timedelta(seconds=settings.outbox_lease_seconds), grace=timedelta(hours=settings.outbox_grace_hours),
        batch_size=settings.dispatch_batch_size, max_attempts=settings.outbox_max_attempts,
    )
    dispatcher = Dispatcher(sessions, clock, port_map, worker=worker_name(), policy=policy)
    def apply(new_prompts: PromptLibrary, new_schedules: ScheduleSet) -> None:
        ctx.prompts, ctx.schedules = new_prompts, new_schedules

    watcher = ContentWatcher(settings.prompts_dir, settings.schedules_dir, apply)
    return Container(settings, engine, ctx, Router(ctx), dispatcher, port_map, watcher)
