"""What every service needs, bundled once by the composition root (`bot.bootstrap`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.clock import Clock
from bot.kernel.chat.events import Actor
from bot.kernel.commands.registry import Registry
from bot.kernel.content.texts import TextCatalogue
from bot.kernel.programme.prompts import PromptLibrary
from bot.kernel.programme.schedules import ScheduleSet
from bot.kernel.storage.engine import SessionFactory
from bot.kernel.storage.uow import UnitOfWork
from bot.settings import Settings


@dataclass
class AppContext:
    """Dependencies of the services; built in `bootstrap.build`, passed down explicitly."""

    sessions: SessionFactory
    clock: Clock
    settings: Settings
    texts: TextCatalogue
    prompts: PromptLibrary
    schedules: ScheduleSet
    #: what the features declared (their hooks: digest sections, erasers, nudge counters, ...)
    features: Registry = field(default_factory=lambda: Registry(()))

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions)

    def t(self, lang: str | None, key: str, /, **params: object) -> str:
        return self.texts.t(lang, key, **params)


@dataclass(frozen=True)
class Request:
    """One inbound request: who, where, and the platform's interaction handle (for forms)."""

    ctx: AppContext
    actor: Actor
    channel: str | None
    trigger: str | None = None
