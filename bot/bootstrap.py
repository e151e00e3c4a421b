"""The composition root: the only place that builds engines, ports, services and the scheduler."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from types import ModuleType

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

from bot.clock import Clock, SystemClock
from bot.features.enabled import FEATURES
from bot.kernel.chat.port import ChatPort
from bot.kernel.commands.inbox import Inbox
from bot.kernel.commands.registry import Feature, Registry
from bot.kernel.commands.router import HELP, Router
from bot.kernel.content.texts import TEXTS_DIR, TextCatalogue, shipped_texts
from bot.kernel.context import AppContext
from bot.kernel.delivery import tables as delivery_tables
from bot.kernel.delivery.dispatcher import Dispatcher, DispatchPolicy, TickResult
from bot.kernel.delivery.planning import Rests, plan
from bot.kernel.delivery.scheduler import Ticks
from bot.kernel.delivery.wakeup import BELL, Wakeup, next_due, probe
from bot.kernel.programme.prompts import PromptLibrary
from bot.kernel.programme.schedules import ScheduleSet
from bot.kernel.programme.watch import ContentWatcher, load_content
from bot.kernel.storage import migrate, tables_slack, tables_teams
from bot.kernel.storage import tables as kernel_tables
from bot.kernel.storage.changes import watch_writes
from bot.kernel.storage.engine import create_engine, session_factory
from bot.kernel.storage.tables import Draft, InboundRequest, table_of
from bot.settings import Settings

log = logging.getLogger(__name__)
#: the kernel's tables whose writes give no planner work: requests in the inbox, form drafts, the schema's version
KERNEL_INERT = frozenset({table_of(InboundRequest).name, table_of(Draft).name, "alembic_version"})


@dataclass
class Container:
    """Everything a running bot is made of; `close()` releases it."""

    settings: Settings
    engine: AsyncEngine
    ctx: AppContext
    router: Router
    dispatcher: Dispatcher
    #: runs ticks one at a time (the scheduler's and the wake-ups'), so shutdown can wait for the running one
    ticks: Ticks
    #: delivers as soon as a row is due (rung on enqueue, and by other replicas on PostgreSQL)
    wakeup: Wakeup
    #: commands and button presses committed before their ack and handled once
    inbox: Inbox
    #: planners that said when they next have work rest until then (or until something is written)
    rests: Rests
    ports: dict[str, ChatPort] = field(default_factory=dict)
    content: ContentWatcher | None = None

    async def migrate(self) -> None:
        """Bring the database to the newest revision (a new, empty one straight from the table declarations)."""
        table_modules(self.ctx.features.features)
        await migrate.upgrade(self.settings.database_url, fresh_schema=SQLModel.metadata)

    async def tick(self) -> TickResult:
        """One beat of the bell: pick up edited content, finish requests a dead replica accepted, plan what has
        come due, then deliver it."""
        if self.content is not None:
            self.content.refresh()
        work = await probe(self.ctx.sessions)  # one read for an idle tick: nothing expired, nothing due
        recovered = await self.inbox.recover(probed=True, lease_ends=work.inbox)
        planned = await plan(self.ctx, self.rests)
        fresh = not (recovered or planned)  # else they may have added rows: the dispatcher reads again
        return await self.dispatcher.tick(probed=fresh, due=work.outbox if fresh else None)

    async def close(self) -> None:
        await self.engine.dispose()


def registry(features: Sequence[Feature] = FEATURES) -> Registry:
    """The features' declarations merged, with the kernel's own `hjelp`."""
    return Registry(features, builtin=(HELP,))


def texts(features: Sequence[Feature] = FEATURES) -> TextCatalogue:
    """Every UI text: the kernel's and each feature's, in nb, nn and en (read once per process)."""
    return shipped_texts(TEXTS_DIR, *registry(features).text_folders)


def table_modules(features: Sequence[Feature] = FEATURES) -> tuple[ModuleType, ...]:
    """Every module that defines tables: the kernel's and the features' (for Alembic and the tests)."""
    return (kernel_tables, delivery_tables, tables_slack, tables_teams, *registry(features).tables)


def worker_name() -> str:
    """Identifies this process in outbox claims (host and pid)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def build(settings: Settings, *, clock: Clock | None = None, ports: Mapping[str, ChatPort] | None = None,
          engine: AsyncEngine | None = None, features: Sequence[Feature] = FEATURES) -> Container:
    """Wire the bot from settings and the list of features; nothing connects until first use."""
    clock = clock or SystemClock()
    engine = engine or create_engine(settings.database_url)
    ticks = Ticks()
    bell = Wakeup(ticks, lambda: dispatcher.tick(), lambda: next_due(sessions), clock,
                  longest=settings.dispatch_interval_seconds)
    sessions = session_factory(engine, {BELL: bell.ring})
    prompts, schedules, problems = load_content(settings.prompts_dir, settings.schedules_dir)
    for problem in problems:
        log.warning("content problem (left out, the rest still works): %s", problem)
    ctx = AppContext(sessions=sessions, clock=clock, settings=settings, texts=texts(features),
                     prompts=prompts, schedules=schedules, features=registry(features))
    port_map = dict(ports or {})
    policy = DispatchPolicy(
        lease=timedelta(seconds=settings.outbox_lease_seconds), grace=timedelta(hours=settings.outbox_grace_hours),
        batch_size=settings.dispatch_batch_size, max_attempts=settings.outbox_max_attempts,
    )
    rests = Rests(watch_writes(engine, inert=ctx.features.inert_tables | KERNEL_INERT))
    dispatcher = Dispatcher(sessions, clock, port_map, worker=worker_name(), policy=policy, on_failed=rests.forget)
    router = Router(ctx)

    def apply(new_prompts: PromptLibrary, new_schedules: ScheduleSet) -> None:
        ctx.prompts, ctx.schedules = new_prompts, new_schedules
        rests.forget()

    watcher = ContentWatcher(settings.prompts_dir, settings.schedules_dir, apply)
    return Container(settings, engine, ctx, router, dispatcher, ticks, bell, Inbox(ctx, router, worker=worker_name()),
                     rests, port_map, watcher)
