"""What every service needs, bundled once by the composition root (`bot.bootstrap`)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.chat.events import Actor
from bot.clock import Clock
from bot.content.prompts import PromptLibrary
from bot.content.schedules import ScheduleSet
from bot.content.texts import TextCatalogue
from bot.settings import Settings
from bot.storage.engine import SessionFactory
from bot.storage.uow import UnitOfWork


@dataclass
class AppContext:
    """Dependencies of the services; built in `bootstrap.build`, passed down explicitly."""

    sessions: SessionFactory
    clock: Clock
    settings: Settings
    texts: TextCatalogue
    prompts: PromptLibrary
    schedules: ScheduleSet

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
