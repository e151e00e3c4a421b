"""Typed commands of groups: set-up, joining, sector, language and roles."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import UsageError
from bot.kernel.commands.parser import first_word, parse_mention, require_sector, require_text
from bot.kernel.rules.people import Role, Sector


@dataclass(frozen=True)
class SetUp:
    municipality: str


@dataclass(frozen=True)
class Join:
    sector: Sector | None = None


@dataclass(frozen=True)
class SetSector:
    sector: Sector


@dataclass(frozen=True)
class SetLanguage:
    language: str
    for_group: bool = False  # a coordinator sets the group's language (channel posts)


@dataclass(frozen=True)
class SetRole:
    user_id: str
    role: Role


_ROLES = {"koordinator": Role.COORDINATOR, "coordinator": Role.COORDINATOR, "deltaker": Role.PARTICIPANT,
          "deltakar": Role.PARTICIPANT, "participant": Role.PARTICIPANT, "mentor": Role.MENTOR,
          "fadder": Role.MENTOR, "prosjektleder": Role.LEAD, "prosjektleiar": Role.LEAD, "lead": Role.LEAD}
_LANGUAGES = {"nb": "nb", "bokmål": "nb", "bokmal": "nb", "nn": "nn", "nynorsk": "nn", "en": "en",
              "english": "en", "engelsk": "en"}


def build_set_up(rest: str) -> SetUp:
    return SetUp(require_text(rest, "commands.usage.oppsett")[:120])


def build_join(rest: str) -> Join:
    return Join(require_sector(rest, "commands.bad_sector") if rest.strip() else None)


def build_sector(rest: str) -> SetSector:
    return SetSector(require_sector(rest, "commands.bad_sector"))


def build_language(rest: str) -> SetLanguage:
    word, tail = first_word(rest)
    lang = _LANGUAGES.get(word)
    if lang is None or tail.lower() not in ("", "gruppe", "gruppa", "group"):
        raise UsageError("commands.usage.språk")
    return SetLanguage(lang, for_group=bool(tail))


def build_role(rest: str) -> SetRole:
    who, _, role_word = rest.strip().partition(" ")
    user = parse_mention(who) if who else None
    role = _ROLES.get(role_word.strip().lower())
    if user is None or role is None:
        raise UsageError("commands.usage.rolle")
    return SetRole(user, role)
