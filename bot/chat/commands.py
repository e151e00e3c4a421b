"""Typed commands: what the `/samskaping` parser produces and the services consume."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.people import Role, Sector


@dataclass(frozen=True)
class Help:
    topic: str | None = None


@dataclass(frozen=True)
class SetUp:
    municipality: str


@dataclass(frozen=True)
class Join:
    sector: Sector | None = None


@dataclass(frozen=True)
class SetSector:
    sector: Sector


@dataclass(frozen=True)
class SetLanguage:
    language: str


@dataclass(frozen=True)
class SetRole:
    user_id: str
    role: Role


@dataclass(frozen=True)
class Status:
    pass


@dataclass(frozen=True)
class Reflect:
    text: str = ""


@dataclass(frozen=True)
class PromptSend:
    prompt_id: str | None = None


@dataclass(frozen=True)
class PromptNext:
    pass


@dataclass(frozen=True)
class PromptSkip:
    prompt_id: str


@dataclass(frozen=True)
class PromptList:
    pass


@dataclass(frozen=True)
class PromptUnskip:
    prompt_id: str


@dataclass(frozen=True)
class ChooseProgramme:
    programme_id: str


@dataclass(frozen=True)
class PauseGroup:
    until: str  # a date expression, resolved in the group's time zone; "" resumes


@dataclass(frozen=True)
class PauseMe:
    until: str  # a date expression; "" resumes


@dataclass(frozen=True)
class Reminders:
    enabled: bool | None = None  # None shows the current preferences


@dataclass(frozen=True)
class MyData:
    pass


@dataclass(frozen=True)
class DeleteMyData:
    confirmed: bool = False
