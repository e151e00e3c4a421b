"""Typed command of `/samskaping logg`."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import UsageError


@dataclass(frozen=True)
class AuditLog:
    count: int = 20


def build_log(rest: str) -> AuditLog:
    word = rest.strip()
    if word and not (word.isdigit() and 0 < int(word) <= 200):
        raise UsageError("commands.usage.logg")
    return AuditLog(int(word) if word else 20)
