"""Typed command for the gathering notes: `notat [samling] [delbar]`."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import UsageError

SHAREABLE_WORDS = ("delbar", "deleleg", "shareable", "--shareable")


@dataclass(frozen=True)
class GatheringNotes:
    """Notes for a gathering (the next one by default); `shareable` leaves names and answers out."""

    gathering: str | None = None
    shareable: bool = False


def build_notes(rest: str) -> GatheringNotes:
    words = rest.split()
    shareable = any(w.lower() in SHAREABLE_WORDS for w in words)
    others = [w for w in words if w.lower() not in SHAREABLE_WORDS]
    if len(others) > 1:
        raise UsageError("commands.usage.notat")
    return GatheringNotes(others[0][:80] if others else None, shareable)
