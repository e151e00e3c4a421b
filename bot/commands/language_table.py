"""The language hints' rows of the command table (`ordliste`, `språkhint`) and their buttons."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.chat import language_commands as lc
from bot.chat.messages import Reply
from bot.commands.parser import Spec, first_word
from bot.errors import UsageError
from bot.services import glossary_commands, glossary_suggestions, hint_settings, hints
from bot.services.context import Request

Handler = Callable[[object, Request], Awaitable[Reply]]

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
        return lc.GlossaryList()
    if verb in _CANDIDATES:
        return lc.GlossaryCandidates()
    if verb in _ADD:
        return lc.GlossaryAdd(*_term_and_plain(tail, need_plain=True))
    if verb in _SUGGEST:
        return lc.GlossarySuggest(*_term_and_plain(tail, need_plain=False))
    if verb in _ACCEPT:
        return lc.GlossaryAccept(*_term_and_plain(tail, need_plain=False))
    if verb in _REMOVE:
        return lc.GlossaryRemove(_one_term(tail))
    if verb in _UNDERSTOOD:
        return lc.GlossaryUnderstood(_one_term(tail))
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
        return lc.SetChannelHints(_switch(tail.lower()))
    if tail:
        raise UsageError(HINTS_USAGE)
    return lc.SetHints(_switch(word) if word else None)


def language_entries() -> tuple[tuple[Spec, dict[type, Handler]], ...]:
    """(spec, handlers) pairs for `bot.commands.table.ENTRIES`."""
    return (
        (Spec("ordliste", ("glossary", "ordlista"), build_glossary, GLOSSARY_USAGE), {
            lc.GlossaryAdd: glossary_commands.add_term, lc.GlossaryList: glossary_commands.list_terms,
            lc.GlossaryRemove: glossary_commands.remove_term,
            lc.GlossaryUnderstood: glossary_commands.mark_understood,
            lc.GlossarySuggest: glossary_suggestions.suggest_term,
            lc.GlossaryAccept: glossary_suggestions.accept_suggestion,
            lc.GlossaryCandidates: glossary_suggestions.list_candidates}),  # type: ignore[dict-item]
        (Spec("språkhint", ("sprakhint", "hints", "språktips"), build_hints, HINTS_USAGE), {
            lc.SetHints: hint_settings.set_hints,
            lc.SetChannelHints: hint_settings.set_channel_hints}),  # type: ignore[dict-item]
    )


LANGUAGE_ACTIONS: dict[str, Callable[[Request, str], Awaitable[Reply]]] = {
    hints.WHY: hint_settings.explain_hint,
    hints.MUTE: hint_settings.mute_term,
}
