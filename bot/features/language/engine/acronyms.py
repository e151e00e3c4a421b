"""Acronyms: which all-caps words need explaining, and whether the message already explains them."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from functools import lru_cache

from bot.features.language.engine.model import GlossaryEntry

# An acronym (PPT, LK20, BUP), optionally inflected: PPTs, IOP-en, IOP'en, BUPen.
_ACRONYM = re.compile(
    r"([A-ZÆØÅ]{2,8}[0-9]{0,3}|[A-ZÆØÅ][0-9]{1,3})([-'’]?(?:s|en|et|er|ene|ar|ane|a|ens|ets)|['’])?"
)
_ROMAN = re.compile(r"[IVXLC]{1,5}")
_PAREN = re.compile(r"\(([^()\n]{1,300})\)")
_DEFINING = re.compile(r"\s*(?:\(|=|,?\s*(?:dvs\.?|altså|som står for|står for|betyr)\s)")
# Every explanation `is_defined_after` or `is_defined_before` accepts contains one of these; without any, the
# message explains no word by writing after or around it (it may still write an acronym's expansion out).
_MAY_EXPLAIN = re.compile(r"[(=]|dvs|altså|står for|betyr")
_ASKING = re.compile(r"\s*,?\s*(?:som står for|står for|betyr)\s")  # "hva X betyr i praksis?" asks, not explains
_CLAUSE_END = re.compile(r"[.!?\n]")
_WORD = re.compile(r"[^\W\d_]{3,}")
_EXPANSION_GAP = re.compile(r"[^\W_]+(?:[\s-]+[^\W_]+)*\s*")  # words only, no punctuation, up to the "("
_EXPANSION_REACH = 80  # how far before "(ACR)" its written-out expansion may start


class AcronymIndex:
    """Glossary acronyms, acronyms everyone knows, and a test for ordinary words written in capitals."""

    def __init__(
        self,
        entries: Iterable[GlossaryEntry],
        known: Collection[str],
        is_common_word: Callable[[str], bool],
    ) -> None:
        self.entries: dict[str, GlossaryEntry] = {}
        for entry in entries:
            if entry.acronym:
                for surface in entry.surfaces():
                    self.entries.setdefault(surface.upper(), entry)
        self.lower_keys = frozenset(key.lower() for key in self.entries)
        self.known = frozenset(word.upper() for word in known)
        self.is_common_word = is_common_word

    def match(self, text: str) -> tuple[str, GlossaryEntry | None] | None:
        """(acronym, glossary entry or None when unknown) if `text` is an acronym that may need explaining."""
        found = _ACRONYM.fullmatch(text)
        if found is None:
            return self._lowercase_glossary(text)
        core = found.group(1)
        entry = self.entries.get(core)
        if entry is not None:
            return core, entry
        if core in self.known or _ROMAN.fullmatch(core) or not core[1].isalpha():
            return None
        if self.is_common_word(core.lower()):  # HUSK, VIKTIG, MØTE: shouting, not an acronym
            return None
        return core, None

    def _lowercase_glossary(self, text: str) -> tuple[str, GlossaryEntry | None] | None:
        """Glossary acronyms written in small letters (iop, Bup, Udir) unless that is an ordinary word."""
        entry = self.entries.get(text.upper())
        if entry is None or (text[1:].isupper()) or self.is_common_word(text.lower()):
            return None
        return text.upper(), entry


def may_explain(masked: str) -> bool:
    """Whether the message has anything that explains a word next to it: brackets, "=", "dvs", "står for"..."""
    return _MAY_EXPLAIN.search(masked) is not None


def is_defined_after(masked: str, end: int) -> bool:
    """Whether an acronym ending at `end` is followed by an explanation: IOP (individuell ...), IOP = ..."""
    after = masked[end : end + 60]
    found = _DEFINING.match(after)
    if found is None:
        return False
    if found.group().strip().startswith("("):
        inner = _PAREN.match(after, found.end() - 1)
        return inner is not None and _WORD.search(inner.group(1)) is not None
    if _ASKING.match(after) and _is_question(masked, end):
        return False
    return _WORD.search(after, found.end()) is not None


def _is_question(masked: str, end: int) -> bool:
    """Whether the sentence going on after `end` ends in a question mark."""
    stop = _CLAUSE_END.search(masked, end)
    return stop is not None and stop.group() == "?"


def is_defined_before(masked: str, start: int, end: int) -> bool:
    """Whether an acronym is the whole content of parentheses after words: individuell opplæringsplan (IOP)."""
    i = start
    while i > 0 and masked[i - 1].isspace():
        i -= 1
    if i == 0 or masked[i - 1] != "(":
        return False  # the usual case, decided without copying the text before the word
    return masked[end:].lstrip().startswith(")") and _WORD.search(masked[max(0, i - 61) : i - 1]) is not None


def expansion_span(masked: str, start: int, end: int) -> tuple[int, int] | None:
    """For an acronym written as "samarbeidsutvalget (SU)": the stretch before "(" that holds its expansion."""
    if not is_defined_before(masked, start, end):
        return None
    paren = masked.rfind("(", 0, start)
    low = max(0, paren - _EXPANSION_REACH)
    return low, paren


def in_expansion(masked: str, span: tuple[int, int], f_start: int, f_end: int) -> bool:
    """Whether a finding lies in the words just before "(ACR)", with no punctuation up to the bracket."""
    low, paren = span
    return low <= f_start and f_end <= paren and _EXPANSION_GAP.fullmatch(masked, f_start, paren) is not None


def paren_spans(masked: str) -> list[tuple[int, int]]:
    """Spans of parenthesised explanations; terms inside them are the explanation, not jargon."""
    return [(m.start(), m.end()) for m in _PAREN.finditer(masked) if len(_WORD.findall(m.group(1))) >= 2]


def expansion_written(entry: GlossaryEntry, lower_text: str) -> bool:
    """Whether the message writes out what the acronym stands for, in any inflection."""
    if not entry.expansion:
        return False
    return any(pattern.search(lower_text) for pattern in _expansion_patterns(entry.expansion))


@lru_cache(maxsize=1024)
def _expansion_patterns(expansion: str) -> tuple[re.Pattern[str], ...]:
    """One loose pattern per alternative (separated by |): each word's stem, then any ending."""
    patterns = []
    for alternative in expansion.lower().split("|"):
        words = re.findall(r"[^\W_]+", alternative)
        stems = [re.escape(word[: max(3, len(word) - 2)]) + r"\w*" for word in words]
        patterns.append(re.compile(r"\b" + r"[\s-]+(?:\w+\s+)?".join(stems)))
    return tuple(patterns)
