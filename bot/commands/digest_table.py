"""The digest's rows of the command table: `sammendrag`, `sitat` and `prosjektleder` (help keys `digest.usage.*`)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from bot.chat.digest_commands import DigestPreview, QuoteConsent, RegisterLead
from bot.chat.messages import Reply
from bot.commands.parser import Spec, parse_mention
from bot.errors import InvalidInput
from bot.services import digest_commands
from bot.services.context import Request

Handler = Callable[[object, Request], Awaitable[Reply]]

_YES = {"ja", "yes", "j", "y", "på", "on"}
_NO = {"nei", "no", "n", "av", "off"}
_MENTOR = {"fadder", "mentor"}
_WEEK_WORDS = {"uke", "veke", "week"}
_WEEK = re.compile(r"^\d{1,2}$|^\d{4}-?[wW]\d{1,2}$")


def _preview(rest: str) -> DigestPreview:
    """Any order: '48' or '2026-W48' (optionally after 'uke') is the week, another word the programme."""
    week, programme = None, None
    for word in rest.split():
        if word.lower() in _WEEK_WORDS:
            continue
        if _WEEK.match(word):
            week = word
        else:
            programme = word
    return DigestPreview(week, programme)


def _quote(rest: str) -> QuoteConsent:
    answer = rest.strip().lower()
    if answer in _YES:
        return QuoteConsent(True)
    if answer in _NO:
        return QuoteConsent(False)
    raise InvalidInput("digest.quote_usage")


def _lead(rest: str) -> RegisterLead:
    words = rest.split()
    user = parse_mention(words[0]) if words else None
    if user is None or len(words) < 2:
        raise InvalidInput("digest.lead_bad_usage")
    role = "mentor" if len(words) > 2 and words[2].lower() in _MENTOR else "lead"
    return RegisterLead(user, words[1], role)


def digest_entries() -> tuple[tuple[Spec, dict[type, Handler]], ...]:
    """(spec, handlers) pairs for `bot.commands.table.ENTRIES`."""
    return (
        (Spec("sammendrag", ("digest", "oppsummering"), _preview, "digest.usage.sammendrag"),
         {DigestPreview: digest_commands.preview_digest}),  # type: ignore[dict-item]
        (Spec("sitat", ("quote",), _quote, "digest.usage.sitat"),
         {QuoteConsent: digest_commands.set_quote_consent}),  # type: ignore[dict-item]
        (Spec("prosjektleder", ("prosjektleiar", "lead"), _lead, "digest.usage.prosjektleder"),
         {RegisterLead: digest_commands.register_lead}),  # type: ignore[dict-item]
    )
