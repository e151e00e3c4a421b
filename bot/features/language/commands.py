"""Typed commands of the language hints: the group's glossary (`ordliste`) and hint settings (`språkhint`)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import UsageError
from bot.kernel.commands.parser import first_word


@dataclass(frozen=True)
class GlossaryAdd:
    """`ordliste ny <term> = <forklaring>` (coordinators): add or change a term in the group's glossary."""

    term: str
    plain: str


@dataclass(frozen=True)
class GlossaryList:
    """`ordliste liste`: the group's own terms and the shipped terms it has marked as understood."""


@dataclass(frozen=True)
class GlossaryRemove:
    """`ordliste fjern <term>` (coordinators): remove a group term, or undo `forstått`."""

    term: str


@dataclass(frozen=True)
class GlossaryUnderstood:
    """`ordliste forstått <term>`: nobody in the group gets hints about this term (a glossary term takes a
    coordinator; a word the signals found, any member)."""

    term: str


@dataclass(frozen=True)
class GlossarySuggest:
    """`ordliste foreslå <term> [= <forklaring>]` (members): propose a term for the coordinators to accept."""

    term: str
    plain: str = ""


@dataclass(frozen=True)
class GlossaryAccept:
    """`ordliste godta <term> [= <forklaring>]` (coordinators): accept a member's suggestion."""

    term: str
    plain: str = ""


@dataclass(frozen=True)
class GlossaryCandidates:
    """`ordliste forslag` (coordinators): members' suggestions and rare words from the group's messages."""


@dataclass(frozen=True)
class SetHints:
    """`språkhint [av|på]`: one person's hints (None shows the current setting)."""

    enabled: bool | None = None


@dataclass(frozen=True)
class SetChannelHints:
    """`språkhint kanal av|på` (coordinators): hints for everyone in this channel."""

    enabled: bool


GLOSSARY_USAGE = "commands.usage.ordliste"
HINTS_USAGE = "commands.usage.språkhint"

_ADD = ("ny", "nytt", "endre", "add", "new", "change")
_LIST = ("", "liste", "list", "vis", "show")
_REMOVE = ("fjern", "slett", "remove", "delete")
_UNDERSTOOD = ("forstått", "forstatt", "forstått-av-alle", "understood", "known")
_SUGGEST = ("foreslå", "foresla", "foreslaa", "suggest")
_ACCEPT = ("godta", "godkjenn", "accept", "approve")
_CANDIDATES = ("forslag", "kandidater", "kandidatar", "candidates", "suggestions")
_ON = ("på", "pa", "on", "ja", "yes")
_OFF = ("av", "off", "nei", "no", "stopp")
_CHANNEL = ("kanal", "kanalen", "channel")


def _term_and_plain(text: str, *, need_plain: bool) -> tuple[str, str]:
    """`<term> = <forklaring>` (also `<term>: <forklaring>`); the explanation may be optional."""
    separator = "=" if "=" in text else (":" if ":" in text else None)
    term, plain = (text.split(separator, 1) if separator else (text, ""))
    term, plain = term.strip().strip("«»\"'"), plain.strip()
    if not term or (need_plain and not plain):
        raise UsageError(GLOSSARY_USAGE)
    return term, plain


def _one_term(text: str) -> str:
    term = text.strip().strip("«»\"'")
    if not term:
        raise UsageError(GLOSSARY_USAGE)
    return term


def build_glossary(rest: str) -> object:
    """`ordliste [liste | ny <term> = <forklaring> | fjern <term> | forstått <term> | foreslå <term> [= …] |
    godta <term> [= …] | forslag]`."""
    verb, tail = first_word(rest)
    if verb in _LIST:
        return GlossaryList()
    if verb in _CANDIDATES:
        return GlossaryCandidates()
    if verb in _ADD:
        return GlossaryAdd(*_term_and_plain(tail, need_plain=True))
    if verb in _SUGGEST:
        return GlossarySuggest(*_term_and_plain(tail, need_plain=False))
    if verb in _ACCEPT:
        return GlossaryAccept(*_term_and_plain(tail, need_plain=False))
    if verb in _REMOVE:
        return GlossaryRemove(_one_term(tail))
    if verb in _UNDERSTOOD:
        return GlossaryUnderstood(_one_term(tail))
    raise UsageError(GLOSSARY_USAGE)


def _switch(word: str) -> bool:
    if word in _ON:
        return True
    if word in _OFF:
        return False
    raise UsageError(HINTS_USAGE)


def build_hints(rest: str) -> object:
    """`språkhint [av|på]` for oneself; `språkhint kanal av|på` for the channel (coordinators)."""
    word, tail = first_word(rest)
    if word in _CHANNEL:
        return SetChannelHints(_switch(tail.lower()))
    if tail:
        raise UsageError(HINTS_USAGE)
    return SetHints(_switch(word) if word else None)
