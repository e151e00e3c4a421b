"""Signals beyond the glossary: English words in a Norwegian message, rare abstract management compounds, and
insider compounds of ordinary words (fagsystemet, årsramma).

Each looks at one lowercase word at a time and says yes or no; the engine turns a yes into a finding whose
reason says which signal fired ("engelsk ord", "sjeldent fagord", "internt ord"). The word lists come from data files
(see `bot.features.language.wordlists` and `data/signals.yaml`); this module only holds the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.features.language.engine.inflect import bokmal_spelling, word_forms

RARE_ZIPF = 2.5  # rarer than about one in three million words of ordinary bokmål
COMMON_NORWEGIAN_ZIPF = 3.0  # a word this frequent in Norwegian is not an English stem with a Norwegian ending
MIN_RARE_LENGTH = 10  # noun disease is long
MIN_ENGLISH_LENGTH = 3
MIN_ENGLISH_STEM = 5  # an English stem under a Norwegian ending: board-et, scope > scop-ar (not map > mapp-a)
MIN_HEAD_PREFIX = 3  # letters before a management head: ramme|reduksjon
MIN_MODIFIER_REST = 4  # letters after a management modifier: gevinst|kart
EVERYDAY_ZIPF = 4.5  # about one in 30,000 words: a part this frequent is a word everybody knows (plan, behov)
MIN_PART = 3  # letters of each part when a compound is split into everyday words
MIN_INSIDER_LENGTH = 8  # års|ramma, fag|systemet
KNOWN_PART_ZIPF = 3.0  # the qualifier of an insider compound is a word general Norwegian uses (år, fag, folkehelse)
MIN_E_DROP = 7  # a modifier this long may drop its final -e in a compound: leveranse -> leverans|planen
MIN_LOAN_VERB = 6  # letters of the shortest verb looked up inside a loan noun (vurdere, justere)
# A verbal noun of a loan verb: hospiter|ing, piloter|inga (the verb is the stem + -e).
_LOAN_NOUN_ENDINGS = ("eringane", "eringene", "eringar", "eringer", "eringa", "eringen", "ering")
# English particles of phrasal nouns: stand-up, follow-up, sign-off, check-in, end-to-end.
_PARTICLES = frozenset({"up", "in", "out", "off", "on", "by", "to", "of"})
# Norwegian endings on English stems: backlogg-en, board-et, onboard-e, scop-ar, deliverable-s.
_NORWEGIAN_ENDINGS = ("ene", "ane", "en", "et", "er", "ar", "a", "e", "s")
_LINKS = ("s", "e")


@dataclass(frozen=True)
class SignalWords:
    """The word lists the signals read (lowercase)."""

    english: frozenset[str] = frozenset()
    norwegian: frozenset[str] = frozenset()  # Norwegian forms that look like inflected English (mappa, scena)
    everyday_loans: frozenset[str] = frozenset()
    management_heads: Iterable[str] = ()
    management_modifiers: Iterable[str] = ()
    plain_heads: Iterable[str] = ()
    abstract_suffixes: Iterable[str] = ()
    insider_heads: Iterable[str] = ()  # definite forms: systemet, ramma, graden
    lexicon_compounds: frozenset[str] = frozenset()  # dictionary words with an insider head: dørrammen


class Signals:
    """Yes/no tests for one lowercase word; build once, they are pure after that."""

    def __init__(self, words: SignalWords | None = None, zipf: Callable[[str], float] | None = None) -> None:
        self.words = words or SignalWords()
        self.zipf: Callable[[str], float] = zipf or (lambda word: 0.0)
        self._heads = frozenset(form for head in self.words.management_heads for form in word_forms(head, "noun"))
        self._head_lengths = sorted({len(head) for head in self._heads}, reverse=True)
        modifiers = set(self.words.management_modifiers)
        modifiers |= {word[:-1] for word in modifiers if word.endswith("e") and len(word) >= MIN_E_DROP}
        self._modifiers = sorted(modifiers, key=len, reverse=True)
        self._insider = tuple(sorted(set(self.words.insider_heads), key=len, reverse=True))
        self._plain = frozenset(form for head in self.words.plain_heads for form in word_forms(head, "noun"))
        self._suffixes = tuple(sorted(set(self.words.abstract_suffixes), key=len, reverse=True))

    def english(self, lower: str) -> str | None:
        """The English word `lower` is (or is an inflection of, backloggen -> backlog), or None."""
        words = self.words
        if len(lower) < MIN_ENGLISH_LENGTH or lower in words.everyday_loans or lower in words.norwegian:
            return None
        if lower in words.english:
            return lower
        if self.zipf(lower) >= COMMON_NORWEGIAN_ZIPF:
            return None  # a frequent Norwegian word is not an English stem with a Norwegian ending
        for ending in _NORWEGIAN_ENDINGS:
            stem = lower[: -len(ending)]
            if not lower.endswith(ending) or len(stem) < 4:
                continue
            for candidate in (stem, stem[:-1] if stem[-1] == stem[-2] else "", stem + "e"):
                if len(candidate) >= MIN_ENGLISH_STEM and candidate in words.english \
                        and candidate not in words.everyday_loans:
                    return candidate
        return None

    def rare_term(self, lower: str) -> bool:
        """Whether `lower` is a long, rare word built from abstract management parts (noun disease)."""
        if len(lower) < MIN_RARE_LENGTH or not lower.isalpha():
            return False
        if self.zipf(lower) >= RARE_ZIPF or self.zipf(bokmal_spelling(lower)) >= RARE_ZIPF:
            return False
        if lower.endswith(self._suffixes):
            return True
        return (self._has_head(lower) or self._has_modifier(lower) or self._is_loan_noun(lower)) \
            and not self._is_transparent(lower)

    def insider(self, lower: str) -> str | None:
        """The head of an insider compound, or None: a compound that general Norwegian never writes, of an
        ordinary word and the definite form of an administrative head (fag|systemet, års|ramma,
        gjennomførings|graden). The definite form takes for granted that the reader knows which system, which
        budget frame, which rate is meant; only the people who work with it do."""
        if len(lower) < MIN_INSIDER_LENGTH or not lower.isalpha() or lower in self.words.lexicon_compounds:
            return None  # a compound the dictionary has (dørrammen, alarmsystemet) is a word, not insider speak
        zipf = self.zipf
        if max(zipf(lower), zipf(bokmal_spelling(lower))) >= RARE_ZIPF:
            return None
        for head in self._insider:
            if lower.endswith(head) and len(lower) > len(head):
                qualifier = bokmal_spelling(lower[: -len(head)])
                candidates = (qualifier, qualifier[:-1] if qualifier[-1] in _LINKS else "")
                if any(zipf(word) >= KNOWN_PART_ZIPF for word in candidates if len(word) >= 2):
                    return head
                return None
        return None

    def english_phrase(self, parts: list[str]) -> str | None:
        """A hyphenated English phrasal noun (stand-up, follow-up, check-in) as one lowercase phrase, or None:
        English words and particles only, at least one of each, and not an everyday loan (kick-off)."""
        words = self.words
        joined = "".join(parts)
        if len(parts) < 2 or joined in words.everyday_loans or _PARTICLES.isdisjoint(parts):
            return None
        content = [part for part in parts if part not in _PARTICLES]
        if content and all(part in words.english or part in words.everyday_loans for part in content):
            return "-".join(parts)
        return None

    def _is_transparent(self, lower: str) -> bool:
        """Whether a compound is two words everybody knows (behovs|analyse, kompetanse|plan, drifts|styret):
        its meaning is the sum of its parts, so it is not noun disease however rare the whole is."""
        word = bokmal_spelling(lower)
        zipf = self.zipf
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head = word[cut:]
            if max(zipf(head), zipf(_bokmal_noun(head))) < EVERYDAY_ZIPF:
                continue
            first = word[:cut]
            for modifier in (first, first[:-1] if first[-1] in _LINKS else ""):
                if len(modifier) >= MIN_PART and zipf(modifier) >= EVERYDAY_ZIPF:
                    return True
        return False

    def _is_loan_noun(self, lower: str) -> bool:
        """A verbal noun of a loan verb ordinary Norwegian hardly uses: hospitering (hospitere), pilotering."""
        for ending in _LOAN_NOUN_ENDINGS:
            if lower.endswith(ending):
                verb = bokmal_spelling(lower[: -len(ending)] + "ere")
                # every tail of the verb too: funksjons|vurderingene is a compound of vurdere, a common verb
                return all(self.zipf(verb[cut:]) < RARE_ZIPF for cut in range(len(verb) - MIN_LOAN_VERB + 1))
        return False

    def _has_head(self, lower: str) -> bool:
        """A compound ending in a management word: ramme|reduksjon, innsikts|fasen."""
        size = len(lower)
        for length in self._head_lengths:
            if length <= size - MIN_HEAD_PREFIX and lower[size - length :] in self._heads:
                return True
        return False

    def _has_modifier(self, lower: str) -> bool:
        """A compound starting with a management word whose head is not a plain one: gevinst|kartet."""
        for modifier in self._modifiers:
            if lower.startswith(modifier):
                rest = lower[len(modifier) :]
                if rest in self._plain or (rest[:1] in _LINKS and rest[1:] in self._plain):
                    return False
                return len(rest) >= MIN_MODIFIER_REST
        return False


def _bokmal_noun(nynorsk: str) -> str:
    """A nynorsk -ing noun as bokmål writes it with -else (beskriving -> beskrivelse), else the word itself."""
    return nynorsk[:-3] + "else" if nynorsk.endswith("ing") else nynorsk
