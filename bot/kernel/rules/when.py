"""Format moments for people: local time zone, Norwegian conventions, babel for names."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

_LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}
_PATTERNS = {"nb": "EEEE d. MMMM 'kl.' HH:mm", "nn": "EEEE d. MMMM 'kl.' HH:mm", "en": "EEEE d MMMM 'at' HH:mm"}


def format_moment(when: datetime, tz: str, lang: str) -> str:
    """E.g. 'fredag 11. desember kl. 12:00' in the group's time zone."""
    local = when.astimezone(ZoneInfo(tz))
    return format_datetime(local, _PATTERNS.get(lang, _PATTERNS["nb"]), locale=_LOCALES.get(lang, "nb_NO"))
