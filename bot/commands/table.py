"""The command table: Norwegian names, English aliases, argument builders, handlers and help keys.

`hjelp` is generated from this table, so a command appears in help exactly when it exists here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.chat import commands as c
from bot.chat.messages import Reply
from bot.commands.parser import Spec, first_word, parse_mention, require_sector, require_text
from bot.core.people import Role
from bot.errors import UsageError
from bot.services import groups, prompting, reflections, status
from bot.services.context import Request

Handler = Callable[[object, Request], Awaitable[Reply]]

_ROLES = {"koordinator": Role.COORDINATOR, "coordinator": Role.COORDINATOR, "deltaker": Role.PARTICIPANT,
          "deltakar": Role.PARTICIPANT, "participant": Role.PARTICIPANT, "mentor": Role.MENTOR,
          "fadder": Role.MENTOR, "prosjektleder": Role.LEAD, "prosjektleiar": Role.LEAD, "lead": Role.LEAD}
_LANGUAGES = {"nb": "nb", "bokmål": "nb", "bokmal": "nb", "nn": "nn", "nynorsk": "nn", "en": "en",
              "english": "en", "engelsk": "en"}


def _set_up(rest: str) -> c.SetUp:
    return c.SetUp(require_text(rest, "commands.usage.oppsett")[:120])


def _join(rest: str) -> c.Join:
    return c.Join(require_sector(rest, "commands.bad_sector") if rest.strip() else None)


def _language(rest: str) -> c.SetLanguage:
    lang = _LANGUAGES.get(rest.strip().lower())
    if lang is None:
        raise UsageError("commands.usage.språk")
    return c.SetLanguage(lang)


def _role(rest: str) -> c.SetRole:
    who, _, role_word = rest.strip().partition(" ")
    user = parse_mention(who) if who else None
    role = _ROLES.get(role_word.strip().lower())
    if user is None or role is None:
        raise UsageError("commands.usage.rolle")
    return c.SetRole(user, role)


def _prompt(rest: str) -> object:
    verb, tail = first_word(rest)
    if verb in ("send", "post"):
        return c.PromptSend(tail.split()[0] if tail else None)
    if verb in ("liste", "list", ""):
        return c.PromptList()
    raise UsageError("commands.usage.oppgave")


def _help(rest: str) -> c.Help:
    return c.Help(rest.strip().lower() or None)


@dataclass(frozen=True)
class Entry:
    """A table row: the parser spec and the handler of each command type it can build."""

    spec: Spec
    handlers: dict[type, Handler]


def _entry(name: str, aliases: tuple[str, ...], build: Callable[[str], object], handlers: dict[type, Handler]
           ) -> Entry:
    return Entry(Spec(name, aliases, build, f"commands.usage.{name}"), handlers)


def _sector(rest: str) -> c.SetSector:
    return c.SetSector(require_sector(rest, "commands.bad_sector"))


ENTRIES: tuple[Entry, ...] = (
    _entry("oppsett", ("setup",), _set_up, {c.SetUp: groups.set_up_group}),
    _entry("bli-med", ("join",), _join, {c.Join: groups.join_group}),
    _entry("sektor", ("sector",), _sector, {c.SetSector: groups.set_sector}),
    _entry("status", (), lambda r: c.Status(), {c.Status: status.group_status}),
    _entry("refleksjon", ("reflect", "svar", "answer"), lambda r: c.Reflect(r.strip()),
           {c.Reflect: reflections.reflect}),
    _entry("oppgave", ("prompt",), _prompt, {c.PromptSend: prompting.send_prompt_now,
                                              c.PromptList: prompting.list_prompts}),
    _entry("språk", ("sprak", "language"), _language, {c.SetLanguage: groups.set_language}),
    _entry("rolle", ("role",), _role, {c.SetRole: groups.set_role}),
    _entry("hjelp", ("help", "?"), _help, {}),
)

SPECS: tuple[Spec, ...] = tuple(e.spec for e in ENTRIES)
HANDLERS: dict[type, Handler] = {kind: h for e in ENTRIES for kind, h in e.handlers.items()}
