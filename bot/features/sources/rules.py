"""Source register rules: entry types as people type them, links, grouping by sector and matching search words.

Pure: no I/O, no clock.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar
from urllib.parse import urlsplit

from bot.kernel.rules.people import Sector

#: the entry types, as stored (their labels live in the texts: sources.kind.<type>)
KINDS: tuple[str, ...] = ("person", "dokument", "plan", "organisasjon")
_KIND_WORDS = {
    "person": "person", "personar": "person", "personer": "person", "people": "person", "rolle": "person",
    "dokument": "dokument", "document": "dokument", "doc": "dokument", "dok": "dokument", "rapport": "dokument",
    "report": "dokument",
    "plan": "plan", "planar": "plan", "planer": "plan", "strategi": "plan", "strategy": "plan",
    "organisasjon": "organisasjon", "organisation": "organisasjon", "organization": "organisasjon",
    "org": "organisasjon", "lag": "organisasjon", "forening": "organisasjon", "foreining": "organisasjon",
}
MAX_TITLE, MAX_LINK, MAX_NOTE, MAX_OWNER = 200, 500, 500, 200
#: where entries without a sector are listed (after the sectors in their usual order)
NO_SECTOR = ""


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


def parse_kind(word: str) -> str | None:
    """The entry type a user meant (nb, nn or en), or None."""
    return _KIND_WORDS.get(_fold(word))


def looks_like_link(word: str) -> bool:
    """True for a word the user meant as a link (it has a scheme or starts with www.)."""
    lowered = word.strip().lower()
    return "://" in lowered or lowered.startswith("www.")


def parse_link(text: str) -> str | None:
    """A normalised http(s) link, or None when it is not one (`www.x.no` gets https:// in front)."""
    link = text.strip()
    if link.lower().startswith("www."):
        link = "https://" + link
    if len(link) > MAX_LINK or any(c.isspace() for c in link):
        return None
    try:
        parts = urlsplit(link)
        host = parts.hostname or ""
    except ValueError:  # e.g. an unclosed [ in the host
        return None
    if parts.scheme.lower() not in ("http", "https") or "." not in host or host.startswith(".") or host.endswith("."):
        return None
    return link


def split_title_and_link(text: str) -> tuple[str, str | None]:
    """`<tittel> [lenke]`: the title and the trailing link-looking word (not yet checked), if any."""
    words = text.split()
    if len(words) > 1 and looks_like_link(words[-1]):
        return " ".join(words[:-1]), words[-1]
    if len(words) == 1 and looks_like_link(words[0]):
        return "", words[0]
    return " ".join(words), None


class Sectored(Protocol):
    """What grouping needs of an entry."""

    @property
    def number(self) -> int: ...

    @property
    def sector(self) -> str | None: ...


S = TypeVar("S", bound=Sectored)


def sector_order(sector: str | None) -> int:
    """Sectors in their usual order, entries without a sector last."""
    order = [s.value for s in Sector]
    return order.index(sector) if sector in order else len(order)


def by_sector(entries: Iterable[S]) -> list[tuple[str, list[S]]]:
    """Entries grouped by sector (usual order, no sector last), by number within a sector."""
    groups: dict[str, list[S]] = {}
    for entry in entries:
        groups.setdefault(entry.sector or NO_SECTOR, []).append(entry)
    return [(sector, sorted(found, key=lambda e: e.number))
            for sector, found in sorted(groups.items(), key=lambda kv: (sector_order(kv[0] or None), kv[0]))]


def search_words(text: str) -> list[str]:
    """The words of a search, folded (empty words dropped)."""
    return [_fold(w) for w in text.split() if _fold(w)]


def matches(words: Sequence[str], *fields: str | None) -> bool:
    """True when every search word occurs in one of the fields (case-insensitive substring)."""
    haystack = " ".join(_fold(f) for f in fields if f)
    return bool(words) and all(word in haystack for word in words)
