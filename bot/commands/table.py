"""The command table: Norwegian names, English aliases, argument builders, handlers and help keys.

`hjelp` is generated from this table, so a command appears in help exactly when it exists here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.chat import commands as c
from bot.chat.messages import Reply
from bot.commands.digest_table import digest_entries
from bot.commands.language_table import language_entries
from bot.commands.milestone_args import milestone_entries
from bot.commands.parser import Spec, first_word, parse_mention, require_sector, require_text
from bot.core.people import Role
from bot.errors import UsageError
from bot.services import audit, groups, privacy, programmes, prompting, reflections, status
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
    word, tail = first_word(rest)
    lang = _LANGUAGES.get(word)
    if lang is None or tail.lower() not in ("", "gruppe", "gruppa", "group"):
        raise UsageError("commands.usage.språk")
    return c.SetLanguage(lang, for_group=bool(tail))


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
    if verb in ("hopp-over", "skip") and tail:
        return c.PromptSkip(tail.split()[0])
    if verb in ("ta-med", "include") and tail:
        return c.PromptUnskip(tail.split()[0])
    if verb in ("neste", "next"):
        return c.PromptNext()
    if verb in ("liste", "list", ""):
        return c.PromptList()
    raise UsageError("commands.usage.oppgave")


_OFF = ("av", "off", "stopp", "slutt")


def _until(rest: str) -> str:
    """The date part of `pause [til] <dato>`; "" for `av`/`off` (resume)."""
    words = rest.strip()
    if words.lower() in _OFF:
        return ""
    for lead in ("til ", "until ", "to "):
        if words.lower().startswith(lead):
            words = words[len(lead):]
    if not words.strip():
        raise UsageError("commands.usage.pause")
    return words.strip()


def _on_off(rest: str) -> bool | None:
    word = rest.strip().lower()
    if not word:
        return None
    if word in ("på", "pa", "on", "ja"):
        return True
    if word in _OFF + ("nei", "no"):
        return False
    raise UsageError("commands.usage.varsler")


def _programme(rest: str) -> c.ChooseProgramme:
    return c.ChooseProgramme(require_text(rest, "commands.usage.program").split()[0].lower())


def _count(rest: str) -> c.AuditLog:
    word = rest.strip()
    if word and not (word.isdigit() and 0 < int(word) <= 200):
        raise UsageError("commands.usage.logg")
    return c.AuditLog(int(word) if word else 20)


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
    _entry("oppgave", ("prompt",), _prompt, {
        c.PromptSend: prompting.send_prompt_now, c.PromptList: prompting.list_prompts,
        c.PromptNext: programmes.next_prompts, c.PromptSkip: programmes.skip_prompt,
        c.PromptUnskip: programmes.unskip_prompt}),
    _entry("språk", ("sprak", "language"), _language, {c.SetLanguage: groups.set_language}),
    _entry("rolle", ("role",), _role, {c.SetRole: groups.set_role}),
    _entry("program", ("programme",), _programme, {c.ChooseProgramme: programmes.choose_programme}),
    _entry("pause", (), lambda r: c.PauseGroup(_until(r)), {c.PauseGroup: programmes.pause_group}),
    _entry("pause-meg", ("pause-me",), lambda r: c.PauseMe(_until(r)), {c.PauseMe: privacy.pause_me}),
    _entry("varsler", ("reminders",), lambda r: c.Reminders(_on_off(r)),
           {c.Reminders: privacy.reminder_preferences}),
    _entry("mine-data", ("my-data",), lambda r: c.MyData(), {c.MyData: privacy.my_data}),
    _entry("slett-mine-data", ("delete-my-data",),
           lambda r: c.DeleteMyData(r.strip().lower() in ("bekreft", "confirm", "ja", "yes")),
           {c.DeleteMyData: privacy.delete_my_data}),
    *(Entry(spec, handlers) for spec, handlers in digest_entries()),
    *(Entry(spec, handlers) for spec, handlers in language_entries()),
    *(Entry(spec, handlers) for spec, handlers in milestone_entries()),
    _entry("logg", ("log",), _count, {c.AuditLog: audit.show_log}),
    _entry("hjelp", ("help", "?"), _help, {}),
)

SPECS: tuple[Spec, ...] = tuple(e.spec for e in ENTRIES)
HANDLERS: dict[type, Handler] = {kind: h for e in ENTRIES for kind, h in e.handlers.items()}
#: the subcommand name of each command type (for the audit log)
NAMES: dict[type, str] = {kind: e.spec.name for e in ENTRIES for kind in e.handlers}
