"""Signed, expiring report links: one programme's report of one week (the kernel's signed links, with the
subject `report:<programme>:<week>`, so tokens signed before keep working)."""

from __future__ import annotations

from datetime import datetime

from bot.kernel.rules import signing


def _subject(programme_id: int, week: str) -> str:
    return f"report:{programme_id}:{week}"


def sign(secret: str, programme_id: int, week: str, expires_at: datetime) -> str:
    """A token `<expiry>.<mac>` for one programme's report of one week."""
    return signing.sign(secret, _subject(programme_id, week), expires_at)


def verify(secret: str, programme_id: int, week: str, token: str, *, now: datetime) -> bool:
    """True when the token was signed with `secret` for this report and has not expired."""
    return signing.verify(secret, _subject(programme_id, week), token, now=now)
