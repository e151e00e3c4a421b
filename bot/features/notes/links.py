"""Signed, expiring links to one coordinator's copy of the notes, as a Word file or a printable page.

The link carries no document: whoever opens it gets the notes made at that moment, and only while the person it
was made for is still a coordinator of the group. So nothing with names waits in the outbox or a file store, an
answer withdrawn or erased is gone from the notes too, and a coordinator who steps down cannot open old links.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from bot.kernel.rules import signing
from bot.settings import Settings

#: how long a notes link works (the notes hold answers with names: a week, not the report's fortnight)
LINK_DAYS = 7
FORMATS = ("docx", "html")


@dataclass(frozen=True)
class NotesRef:
    """What a link opens: one group's notes for one gathering, in one copy and language, for one coordinator."""

    group_id: int
    user_id: str
    gathering: str | None
    shareable: bool
    lang: str

    def subject(self) -> str:
        return f"notes:{self.group_id}:{self.user_id}:{self.gathering or ''}:{int(self.shareable)}:{self.lang}"


def notes_url(settings: Settings, ref: NotesRef, fmt: str, expires_at: datetime) -> str | None:
    """The link, or None when no REPORT_SECRET_KEY is set (no unsigned links)."""
    if not settings.report_secret_key:
        return None
    query = {"u": ref.user_id, "g": ref.gathering or "", "s": int(ref.shareable), "lang": ref.lang,
             "token": signing.sign(settings.report_secret_key, ref.subject(), expires_at)}
    return f"{settings.public_base_url.rstrip('/')}/notes/{ref.group_id}/{fmt}?{urlencode(query)}"


def link_expiry(now: datetime) -> datetime:
    return now + timedelta(days=LINK_DAYS)


def is_valid(settings: Settings, ref: NotesRef, token: str, *, now: datetime) -> bool:
    return signing.verify(settings.report_secret_key, ref.subject(), token, now=now)
