"""Typed commands of `/samskaping milepæl`."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import UsageError
from bot.kernel.commands.parser import first_word, number_and_rest


@dataclass(frozen=True)
class MilestoneAdd:
    text: str  # "<date phrase> <title>"; the date is read in the group's time zone by the service


@dataclass(frozen=True)
class MilestoneForm:
    number: int | None = None  # None: a new milestone


@dataclass(frozen=True)
class MilestoneList:
    pass


@dataclass(frozen=True)
class MilestoneDone:
    number: int


@dataclass(frozen=True)
class MilestoneMove:
    number: int
    date_text: str


@dataclass(frozen=True)
class MilestoneDelete:
    number: int


@dataclass(frozen=True)
class MilestoneCheck:
    number: int
    item: str = ""  # "" shows the checklist; a position or an item id toggles that item


@dataclass(frozen=True)
class MilestoneChecklist:
    number: int
    template_id: str = ""  # "" lists the templates


@dataclass(frozen=True)
class MilestoneHelp:
    pass


_LIST = ("", "liste", "list", "vis", "show")
_ADD = ("ny", "nytt", "add", "new")
_DONE = ("ferdig", "done", "fullført", "fullfort")
_MOVE = ("flytt", "move")
_DELETE = ("slett", "delete", "fjern", "remove")
_CHECK = ("sjekk", "check", "tick", "kryss")
_CHECKLIST = ("sjekkliste", "checklist")
_FORM = ("endre", "edit", "skjema", "form")
_HELP = ("hjelp", "help")


def build_milestone(rest: str) -> object:
    """`milepæl [liste | ny <dato> <tittel> | ferdig <nr> | flytt <nr> <dato> | slett <nr> | sjekk <nr> [punkt] |
    sjekkliste <nr> [mal] | endre <nr> | hjelp]`."""
    verb, tail = first_word(rest)
    usage = "milestones.how_to"
    if verb in _LIST:
        return MilestoneList()
    if verb in _ADD:
        return MilestoneAdd(tail) if tail else MilestoneForm()
    if verb in _HELP:
        return MilestoneHelp()
    if verb in _FORM:
        return MilestoneForm(number_and_rest(tail, usage)[0] if tail else None)
    number, more = number_and_rest(tail, usage)
    if verb in _DONE:
        return MilestoneDone(number)
    if verb in _DELETE:
        return MilestoneDelete(number)
    if verb in _MOVE and more:
        return MilestoneMove(number, more)
    if verb in _CHECK:
        return MilestoneCheck(number, more)
    if verb in _CHECKLIST:
        return MilestoneChecklist(number, more)
    raise UsageError(usage)
