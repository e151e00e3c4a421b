"""Turn `/samskaping <subcommand> <args>` into typed, frozen command values.

The subcommand names and aliases live in the command table (`bot.features.table`); this module holds the
mechanics: splitting, mention parsing, argument builders and "did you mean" suggestions.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.errors import UnknownCommand, UsageError
from bot.kernel.commands.registry import CommandSpec
from bot.kernel.rules.people import Sector, parse_sector

_LEADING = re.compile(r"^\s*/?samskaping\b", re.IGNORECASE)
# Slack writes mentions as <@U123> or <@U123|name>; Teams and the console as @name.
_MENTION = re.compile(r"^<@([A-Za-z0-9_.:-]+)(?:\|[^>]*)?>$|^@([\w.:-]+)$")


@dataclass(frozen=True)
class Help:
    """`hjelp [kommando]`: the help generated from the registered commands."""

    topic: str | None = None


def build_help(rest: str) -> Help:
    return Help(rest.strip().lower() or None)


def split_command(text: str) -> tuple[str, str]:
    """The subcommand word (lower case) and the rest of the line."""
    stripped = _LEADING.sub("", text or "", count=1).strip()
    if not stripped:
        return "", ""
    head, _, rest = stripped.partition(" ")
    return head.lower(), rest.strip()


def resolve(word: str, specs: Sequence[CommandSpec]) -> CommandSpec:
    """The spec named `word` (name or alias), or UnknownCommand with the nearest suggestion."""
    for spec in specs:
        if word == spec.name or word in spec.aliases:
            return spec
    names = [n for spec in specs for n in (spec.name, *spec.aliases)]
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    if close:
        raise UnknownCommand("commands.unknown_suggest", typed=word, suggestion=close[0])
    raise UnknownCommand("commands.unknown", typed=word)


def parse(text: str, specs: Sequence[CommandSpec]) -> object:
    """Parse one command line; empty input means help."""
    word, rest = split_command(text)
    return resolve(word or "hjelp", specs).build(rest)


def parse_mention(token: str) -> str | None:
    """The user id in a mention token, or None when it is not a mention."""
    match = _MENTION.match(token.strip())
    if not match:
        return None
    return match.group(1) or match.group(2)


def require_text(rest: str, usage_key: str) -> str:
    """The rest of the line, which must not be empty."""
    if not rest.strip():
        raise UsageError(usage_key)
    return " ".join(rest.split())


def require_sector(text: str, usage_key: str) -> Sector:
    """A sector from what the user wrote, or a usage error listing the choices."""
    sector = parse_sector(text) if text.strip() else None
    if sector is None:
        raise UsageError(usage_key, typed=text.strip())
    return sector


def first_word(rest: str) -> tuple[str, str]:
    """The first word (lower case) of `rest`, and what follows it."""
    head, _, tail = rest.strip().partition(" ")
    return head.lower(), tail.strip()


OFF_WORDS = ("av", "off", "stopp", "slutt")


def until_phrase(rest: str, usage_key: str) -> str:
    """The date part of `pause [til] <dato>`; "" for `av`/`off` (resume)."""
    words = rest.strip()
    if words.lower() in OFF_WORDS:
        return ""
    for lead in ("til ", "until ", "to "):
        if words.lower().startswith(lead):
            words = words[len(lead):]
    if not words.strip():
        raise UsageError(usage_key)
    return words.strip()


def parse_number(text: str) -> int | None:
    """A numbered item (milestone, stakeholder) as typed: "3" or "#3"."""
    digits = text.strip().lstrip("#")
    return int(digits) if digits.isdigit() and len(digits) < 7 else None


def number_and_rest(text: str, usage_key: str) -> tuple[int, str]:
    """The leading number of `text` and what follows it, or a usage error."""
    head, tail = first_word(text)
    number = parse_number(head)
    if number is None:
        raise UsageError(usage_key)
    return number, tail
