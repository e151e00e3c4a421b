"""Value types of the jargon engine: glossary entries, findings and the analysis of one message."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS: tuple[str, ...] = ("term", "acronym", "readability")
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


@dataclass(frozen=True)
class Analysis:
    """All findings in one message, with its word count and LIX readability index."""

    findings: tuple[Finding, ...]
    words: int
    lix: float


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

    def plain(self, lang: str) -> str:
        """The plain alternative in the requested written standard."""
        return self.plain_nn if lang == "nn" and self.plain_nn else self.plain_nb

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
