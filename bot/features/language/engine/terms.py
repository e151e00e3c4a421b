"""Glossary term lookup: every inflected form of every term, and terms inside compound words."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from bot.features.language.engine.inflect import INFLECTION_ENDINGS, nynorsk_spelling, phrase_forms
from bot.features.language.engine.model import GlossaryEntry

MIN_COMPOUND_TERM = 6  # shorter terms (mål, plan, tarv) are only found as whole words
MIN_COMPOUND_REST = 3  # the other part of a compound must be a word too, not a stray letter or two
_VOWELS = frozenset("aeiouyæøåéè")
_LINKS = ("s", "e", "")  # forankring-s-arbeid, barnehag-e-myndighet, rammeplan-arbeid
_AGAIN = "re"  # reforankre, reimplementere: the prefix of doing something over again
_VERBAL_NOUN = ("ing", "inga", "ingen")


@dataclass(frozen=True)
class Phrase:
    """A multi-word term: the forms each of its words may take."""

    entry: GlossaryEntry
    words: tuple[frozenset[str], ...]


class TermIndex:
    """Precomputed lookups from lowercase word forms to glossary entries."""

    def __init__(self, entries: Iterable[GlossaryEntry], lexicon: Mapping[str, Collection[str]]) -> None:
        self.whole: dict[str, GlossaryEntry] = {}
        self.heads: dict[str, GlossaryEntry] = {}
        self.modifiers: dict[str, GlossaryEntry] = {}
        self.phrases: dict[str, list[Phrase]] = {}
        for entry in entries:
            if not entry.acronym:
                self._add(entry, lexicon)
        self.head_lengths = sorted({len(form) for form in self.heads}, reverse=True)
        self.modifier_lengths = sorted({len(form) for form in self.modifiers}, reverse=True)
        for phrases in self.phrases.values():
            phrases.sort(key=lambda phrase: len(phrase.words), reverse=True)

    def _add(self, entry: GlossaryEntry, lexicon: Mapping[str, Collection[str]]) -> None:
        skip = {form.lower() for form in entry.skip_forms}
        surfaces = dict.fromkeys(entry.surfaces())
        for surface in entry.surfaces():
            surfaces.setdefault(nynorsk_spelling(surface))  # kulturskoletime -> kulturskuletime
        for surface in surfaces:
            words = phrase_forms(surface, entry.pos)
            if len(words) == 1:
                lemma = surface.lower()
                forms = (words[0] | set(lexicon.get(lemma, ()))) - skip
                self._add_word(entry, lemma, forms)
            else:
                words[-1] |= set(lexicon.get(surface.split()[-1].lower(), ()))
                phrase = Phrase(entry, tuple(frozenset(forms - skip) for forms in words))
                for first in phrase.words[0]:
                    self.phrases.setdefault(first, []).append(phrase)

    def _add_word(self, entry: GlossaryEntry, lemma: str, forms: set[str]) -> None:
        for form in forms:
            self.whole.setdefault(form, entry)
        if entry.in_compounds and entry.pos == "noun" and len(lemma) >= MIN_COMPOUND_TERM:
            for form in forms:
                self.heads.setdefault(form, entry)
            self.modifiers.setdefault(lemma, entry)
            if lemma.endswith("e"):  # barnehag-ar... and nynorsk skul-e: the stem also starts compounds
                self.modifiers.setdefault(lemma[:-1], entry)

    def word(self, lower: str) -> GlossaryEntry | None:
        """The entry one whole word is a form of, or one it is a compound of."""
        entry = self.whole.get(lower)
        if entry is None and len(lower) >= MIN_COMPOUND_TERM + MIN_COMPOUND_REST:
            entry = self._head(lower) or self._modifier(lower) or self._again(lower)
        return entry

    def _again(self, lower: str) -> GlossaryEntry | None:
        """A verb or verbal noun done over again: re|forankres, re|implementering."""
        if not lower.startswith(_AGAIN):
            return None
        rest = lower[len(_AGAIN) :]
        entry = self.whole.get(rest)
        if entry is not None and (entry.pos == "verb" or rest.endswith(_VERBAL_NOUN)):
            return entry
        return None

    def _head(self, lower: str) -> GlossaryEntry | None:
        """A compound ending in a term: kulturskole|rammeplanen."""
        size = len(lower)
        for length in self.head_lengths:
            if length > size - MIN_COMPOUND_REST:
                continue
            entry = self.heads.get(lower[size - length :])
            if entry is not None and _is_word_part(lower[: size - length]):
                return entry
        return None

    def _modifier(self, lower: str) -> GlossaryEntry | None:
        """A compound starting with a term: forankring|s|arbeidet."""
        size = len(lower)
        for length in self.modifier_lengths:
            if length > size - MIN_COMPOUND_REST:
                continue
            entry = self.modifiers.get(lower[:length])
            if entry is not None and _has_compound_rest(lower[length:]):
                return entry
        return None


def _is_word_part(part: str) -> bool:
    """Whether a piece of a compound looks like a word of its own (a vowel, three letters or more)."""
    return len(part) >= MIN_COMPOUND_REST and not _VOWELS.isdisjoint(part)


def _has_compound_rest(rest: str) -> bool:
    """Whether what follows a term is an inflection ending or, after a linking letter, a word."""
    if rest in INFLECTION_ENDINGS:
        return True
    for link in _LINKS:
        if rest.startswith(link) and _is_word_part(rest[len(link) :]):
            return True
    return False
