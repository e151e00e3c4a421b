"""Typed commands of `/samskaping kilde` (the source register)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import UsageError
from bot.kernel.commands.parser import first_word, number_and_rest


@dataclass(frozen=True)
class SourceAdd:
    kind: str  # as typed; the service reads it
    text: str  # "<tittel> [lenke]"


@dataclass(frozen=True)
class SourceForm:
    number: int | None = None  # None: a new entry


@dataclass(frozen=True)
class SourceList:
    sector: str = ""  # "" lists every sector


@dataclass(frozen=True)
class SourceSearch:
    words: str
    everywhere: bool = False  # `kilde søk alle <ord>`: a lead's search across their programmes


@dataclass(frozen=True)
class SourceRemove:
    number: int


@dataclass(frozen=True)
class SourceHelp:
    pass


@dataclass(frozen=True)
class SourceExport:
    format: str = "csv"  # csv | json


_LIST = ("", "liste", "list", "vis", "show")
_ADD = ("ny", "nytt", "add", "new", "legg-til")
_SEARCH = ("søk", "sok", "search", "finn", "find")
_REMOVE = ("fjern", "remove", "slett", "delete")
_FORM = ("endre", "edit", "skjema", "form")
_HELP = ("hjelp", "help")
_EXPORT = ("eksport", "eksporter", "export")
_FORMATS = ("csv", "json")
_EVERYWHERE = ("alle", "all", "program", "programme")


def build_source(rest: str) -> object:
    """`kilde [liste [sektor] | ny <type> <tittel> [lenke] | søk [alle] <ord> | endre <nr> | fjern <nr> | eksport
    [csv|json] | hjelp]`."""
    verb, tail = first_word(rest)
    usage = "sources.how_to"
    if verb in _LIST:
        return SourceList(tail)
    if verb in _ADD:
        if not tail:
            return SourceForm()
        kind, title = first_word(tail)
        return SourceAdd(kind, title)
    if verb in _SEARCH and tail:
        scope_word, words = first_word(tail)
        if scope_word in _EVERYWHERE and words:
            return SourceSearch(words, everywhere=True)
        return SourceSearch(tail)
    if verb in _HELP:
        return SourceHelp()
    if verb in _EXPORT:
        if tail.lower() not in ("", *_FORMATS):
            raise UsageError("sources.export_usage", typed=tail)
        return SourceExport(tail.lower() or "csv")
    if verb in _FORM:
        return SourceForm(number_and_rest(tail, usage)[0])
    if verb in _REMOVE:
        return SourceRemove(number_and_rest(tail, usage)[0])
    raise UsageError(usage)
