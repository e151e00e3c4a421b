"""Value types of the jargon engine: glossary entries, findings and the analysis of one message."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS: tuple[str, ...] = ("term", "acronym", "readability")
# Why a finding fired: a glossary entry, a public-sector name, an English word, a rare management word, an
# insider compound of ordinary words (fagsystemet), an acronym's shape, readability, or (severe) one very long
# sentence or a very high LIX.
SIGNALS: tuple[str, ...] = ("glossary", "name", "english", "rare", "insider", "acronym", "readability", "severe")
POS: tuple[str, ...] = ("noun", "verb", "adj", "other")


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing in a message the others may not understand; `text == original[start:end]`."""

    start: int
    end: int
    text: str
    lemma: str
    kind: str
    suggestion: str
    reason: str
    signal: str = "glossary"


@dataclass(frozen=True)
class Analysis:
    """All findings in one message, with its word count and LIX readability index."""

    findings: tuple[Finding, ...]
    words: int
    lix: float
    longest_sentence: int = 0  # words in the longest sentence
    explained: tuple[str, ...] = ()  # words found by a signal that the message itself explains (to learn)


@dataclass(frozen=True)
class GlossaryEntry:
    """One term with its plain alternative; shipped and per-group entries share this type."""

    term: str
    variants: tuple[str, ...] = ()
    sector: str = "annet"
    plain_nb: str = ""
    plain_nn: str | None = None
    acronym: bool = False
    pos: str = "noun"
    expansion: str | None = None  # what an acronym stands for; writing it out explains the acronym
    skip_forms: tuple[str, ...] = ()  # forms that are everyday words with another meaning
    in_compounds: bool = True  # may be found inside longer compound words
    plain_en: str | None = None
    signal: str = "glossary"  # "name": a public-sector name whose plain text explains what it is
    everyday_context: tuple[str, ...] = ()  # stems that show a homonym's everyday sense (båt: forankret)

    def plain(self, lang: str) -> str:
        """The plain alternative in the requested language (bokmål when there is none)."""
        if lang == "nn" and self.plain_nn:
            return self.plain_nn
        if lang == "en" and self.plain_en:
            return self.plain_en
        return self.plain_nb

    def surfaces(self) -> tuple[str, ...]:
        """The term and its variants, as written in the glossary."""
        return (self.term, *self.variants)


@dataclass(frozen=True)
class Phrases:
    """Norwegian sentences the engine puts into findings (read from the text catalogue by the loader)."""

    by_lang: dict[str, dict[str, str]] = field(default_factory=dict)

    def get(self, lang: str, key: str, **params: object) -> str:
        """The phrase for `key` in `lang` (bokmål as fallback), with `{params}` filled in."""
        texts = self.by_lang.get(lang) or self.by_lang.get("nb") or {}
        template = texts.get(key) or (self.by_lang.get("nb") or {}).get(key) or key
        return template.format(**params)
