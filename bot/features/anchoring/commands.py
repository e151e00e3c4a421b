"""Typed commands of `/samskaping forankring` (the stakeholder map)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import UsageError
from bot.kernel.commands.parser import first_word, number_and_rest


@dataclass(frozen=True)
class StakeholderList:
    pass


@dataclass(frozen=True)
class StakeholderAdd:
    text: str  # "<name or role> <direction> <relation>"


@dataclass(frozen=True)
class StakeholderEdit:
    number: int
    field: str
    value: str


@dataclass(frozen=True)
class StakeholderContact:
    number: int
    date_text: str = ""  # "" means today


@dataclass(frozen=True)
class StakeholderRemove:
    number: int


_LIST = ("", "liste", "list", "vis", "show")
_ADD = ("ny", "nytt", "add", "new")


def build_anchoring(rest: str) -> object:
    """`forankring [vis | ny <navn/rolle> <retning> [relasjon] | endre <nr> <felt> <verdi> | kontakt <nr> [dato] |
    fjern <nr>]`."""
    verb, tail = first_word(rest)
    usage = "anchoring.how_to"
    if verb in _LIST:
        return StakeholderList()
    if verb in _ADD and tail:
        return StakeholderAdd(tail)
    number, more = number_and_rest(tail, usage)
    if verb in ("endre", "edit", "set", "change") and more:
        field, value = first_word(more)
        return StakeholderEdit(number, field, value)
    if verb in ("kontakt", "contact", "kontakta", "kontaktet"):
        return StakeholderContact(number, more)
    if verb in ("fjern", "remove", "slett", "delete"):
        return StakeholderRemove(number)
    raise UsageError(usage)
