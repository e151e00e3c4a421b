"""Typed commands of members' own data: pause themselves, reminders, export and erasure."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import UsageError
from bot.kernel.commands.parser import OFF_WORDS, until_phrase


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


def build_pause_me(rest: str) -> PauseMe:
    return PauseMe(until_phrase(rest, "commands.usage.pause"))


def build_reminders(rest: str) -> Reminders:
    word = rest.strip().lower()
    if not word:
        return Reminders(None)
    if word in ("på", "pa", "on", "ja"):
        return Reminders(True)
    if word in (*OFF_WORDS, "nei", "no"):
        return Reminders(False)
    raise UsageError("commands.usage.varsler")


def build_delete(rest: str) -> DeleteMyData:
    return DeleteMyData(rest.strip().lower() in ("bekreft", "confirm", "ja", "yes"))
