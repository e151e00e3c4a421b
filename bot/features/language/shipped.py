"""Load and validate the shipped glossary and Norwegian language data, and build the jargon engine once."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.errors import ContentError, GlossaryError
from bot.features.language.engine import GlossaryEntry, JargonEngine, LanguageData, Phrases
from bot.features.language.engine.signals import Signals, SignalWords
from bot.features.language.wordlists import WordLists, load_wordlists
from bot.kernel.content.yaml_source import Loc, Problem, YamlDocument, explain, known_fields, read_data, read_yaml

DATA_DIR = Path(__file__).parent / "data"
GLOSSARY_FILE = DATA_DIR / "glossary.yaml"
ORDBANK_FILE = DATA_DIR / "ordbank" / "nb_lemma_exc.json.gz"
LEXICON_FILE = DATA_DIR / "ordbank" / "lexicon.json.gz"
NAMES_FILE = DATA_DIR / "public_names.yaml"
SIGNALS_FILE = DATA_DIR / "signals.yaml"
_M = TypeVar("_M", bound=BaseModel)
TEXTS_DIR = Path(__file__).parent / "texts"  # the jargon.* sentences the engine writes its hints with
COMMON_ZIPF = 5.5  # words this frequent (og, i, alle) written in capitals are shouting, not acronyms
SHORT_WORD = 8  # the lexicon keeps ordinary words up to this length, to tell HUSK from BUP
SHORT_ACRONYM = 3  # three capitals are an acronym's usual shape: rare three-letter words in capitals are acronyms
SHORT_WORD_ZIPF = 3.0  # ...unless the word is this frequent (UKE, TOG, HEI written in capitals are words)
_VOWELS = frozenset("aeiouyæøå")



class EntryModel(BaseModel):
    """One glossary entry as written in the YAML file."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    term: str = Field(min_length=2)
    variants: list[str] = []
    sector: str = Field(min_length=1)
    plain_nb: str = Field(min_length=1)
    plain_nn: str | None = None
    acronym: bool = False
    pos: Literal["noun", "verb", "adj", "other"] = "noun"
    expansion: str | None = None
    skip_forms: list[str] = []
    in_compounds: bool = True
    everyday_context: list[str] = []

    @field_validator("variants", "skip_forms", "everyday_context")
    @classmethod
    def _no_empty(cls, values: list[str]) -> list[str]:
        if any(not value.strip() for value in values):
            raise ValueError("must not contain empty words")
        return [value.strip() for value in values]

    def to_entry(self) -> GlossaryEntry:
        """The engine's value type."""
        data = self.model_dump()
        return GlossaryEntry(**{**data, "variants": tuple(self.variants), "skip_forms": tuple(self.skip_forms),
                                "everyday_context": tuple(stem.lower() for stem in self.everyday_context)})


class SectorModel(BaseModel):
    """How a sector is named in a 'why this suggestion?' sentence ("et ord fra <label>")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    nb: str
    nn: str | None = None


class GlossaryModel(BaseModel):
    """The whole glossary file."""

    model_config = ConfigDict(extra="forbid")

    sectors: dict[str, SectorModel]
    known_acronyms: list[str] = []
    common_words: list[str] = []
    entries: list[EntryModel]


class NameModel(BaseModel):
    """One public-sector name in `public_names.yaml`, with what it is in three languages and a source."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str = Field(min_length=2)
    variants: list[str] = []
    kind: Literal["etat", "program", "portal", "undersøkelse", "ordning"]
    acronym: bool = False
    source: str = Field(pattern=r"^https://")
    nb: str = Field(min_length=3)
    nn: str = Field(min_length=3)
    en: str = Field(min_length=3)

    def to_entry(self) -> GlossaryEntry:
        """A name as an engine entry: its plain text says what it is; writing that out explains an acronym."""
        return GlossaryEntry(term=self.name, variants=tuple(self.variants), sector=self.kind, plain_nb=self.nb,
                             plain_nn=self.nn, plain_en=self.en, acronym=self.acronym,
                             expansion=self.nb.split(",")[0] if self.acronym else None, signal="name")


class NamesModel(BaseModel):
    """The whole names file."""

    model_config = ConfigDict(extra="forbid")

    names: list[NameModel]


class SignalsModel(BaseModel):
    """`signals.yaml`: the hand-made word lists of the English-word and rare-word signals."""

    model_config = ConfigDict(extra="forbid")

    everyday_loans: list[str]
    management_heads: list[str]
    management_modifiers: list[str]
    plain_heads: list[str]
    abstract_suffixes: list[str]
    insider_heads: list[str]


@dataclass(frozen=True)
class Glossary:
    """The validated glossary: entries, sector labels and the acronym lists."""

    entries: tuple[GlossaryEntry, ...]
    sectors: dict[str, dict[str, str]]
    known_acronyms: frozenset[str]
    common_words: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    """What the Norsk Ordbank contributes: ordinary short words, and the forms of glossary words."""

    common: frozenset[str]
    forms: dict[str, tuple[str, ...]]


def _quick_model(path: Path, model_type: type[_M]) -> _M | None:
    """The file's model if it parses and validates (the fast path); None sends the caller to the slow path,
    which reads the file again with line numbers to report what is wrong."""
    try:
        return model_type.model_validate(read_data(path))
    except (OSError, UnicodeError, yaml.YAMLError, ValidationError):
        return None


def load_glossary(path: Path = GLOSSARY_FILE) -> Glossary:
    """Read and validate a glossary file; raise GlossaryError listing every problem."""
    model = _quick_model(path, GlossaryModel)
    if model is None or _cross_check(model):
        doc = _read(path)
        try:
            model = GlossaryModel.model_validate(doc.data)
        except ValidationError as exc:
            raise GlossaryError(_with_terms(doc, explain(doc, exc, (), known_fields(GlossaryModel)))) from exc
        raise GlossaryError([doc.problem(loc, message) for loc, message in _cross_check(model)])
    sectors = {key: {"nb": s.nb, "nn": s.nn or s.nb} for key, s in model.sectors.items()}
    return Glossary(
        entries=tuple(entry.to_entry() for entry in model.entries),
        sectors=sectors,
        known_acronyms=frozenset(word.upper() for word in model.known_acronyms),
        common_words=frozenset(word.lower() for word in model.common_words),
    )


def _with_terms(doc: YamlDocument, problems: list[Problem]) -> list[Problem]:
    """Name the entry's term next to `entries[12]` so a reader finds it without counting."""
    entries = doc.data.get("entries") if isinstance(doc.data, dict) else None
    if not isinstance(entries, list):
        return problems
    named = []
    for problem in problems:
        message = problem.message
        for index, item in enumerate(entries):
            term = item.get("term") if isinstance(item, dict) else None
            if message.startswith(f"entries[{index}]") and term:
                message = f"{message} (entry '{term}')"
                break
        named.append(Problem(problem.file, problem.line, message))
    return named


def _cross_check(model: GlossaryModel) -> list[tuple[Loc, str]]:
    """Rules that span entries: sectors must be declared, terms must be unique; (where, what) per problem."""
    problems: list[tuple[Loc, str]] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(model.entries):
        where = ("entries", index)
        if entry.sector not in model.sectors:
            allowed = ", ".join(sorted(model.sectors))
            msg = f"unknown sector '{entry.sector}' in entry '{entry.term}'; declared sectors: {allowed}"
            problems.append(((*where, "sector"), msg))
        if entry.acronym and not entry.term.isupper() and not any(v.isupper() for v in entry.variants):
            problems.append(((*where, "term"), f"acronym '{entry.term}' needs an all-caps form"))
        key = entry.term.lower()
        if key in seen:
            msg = f"duplicate term '{entry.term}' (also entries[{seen[key]}])"
            problems.append(((*where, "term"), msg))
        seen.setdefault(key, index)
    return problems


def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    """Read the lexicon derived from Norsk Ordbank (see `build_lexicon`)."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    forms = {lemma: tuple(words) for lemma, words in data["forms"].items()}
    return Lexicon(common=frozenset(data["common"]), forms=forms)


def build_lexicon(
    ordbank: Path = ORDBANK_FILE, glossary: Path = GLOSSARY_FILE, out: Path = LEXICON_FILE
) -> tuple[int, int]:
    """Derive the small runtime lexicon from the vendored Ordbank file; returns (common words, lemmas)."""
    with gzip.open(ordbank, "rt", encoding="utf-8") as handle:
        table: dict[str, dict[str, list[str]]] = json.load(handle)
    by_lemma: dict[str, set[str]] = {}
    common: set[str] = set()
    for words in table.values():
        for form, lemmas in words.items():
            if form.isalpha() and form.islower() and 2 <= len(form) <= SHORT_WORD:
                common.add(form)
            for lemma in lemmas:
                by_lemma.setdefault(lemma.lower(), set()).add(form.lower())
    wanted = _glossary_words(load_glossary(glossary).entries)
    forms = {word: sorted(by_lemma[word]) for word in sorted(wanted) if word in by_lemma}
    payload = {"source": "Norsk Ordbank bokmål 2005 (CC BY 4.0), via spacy-lookups-data 1.0.5",
               "common": sorted(common), "forms": forms}
    with gzip.GzipFile(out, "wb", mtime=0) as handle:  # mtime=0: the same input gives the same bytes
        handle.write(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return len(common), len(forms)


def _glossary_words(entries: Iterable[GlossaryEntry]) -> set[str]:
    """The single words (and last words of phrases) whose Ordbank forms the engine should know."""
    return {surface.split()[-1].lower() for entry in entries if not entry.acronym for surface in entry.surfaces()}


def load_phrases(root: Path = TEXTS_DIR) -> Phrases:
    """The engine's sentences (`jargon.*` keys) in bokmål and nynorsk, from the text catalogue files."""
    by_lang: dict[str, dict[str, str]] = {}
    for lang in ("nb", "nn", "en"):
        path = root / lang / "jargon.yaml"
        data = read_data(path) or {}
        by_lang[lang] = {str(key): str(value) for key, value in data.items()}
    return Phrases(by_lang)


def load_names(path: Path = NAMES_FILE) -> tuple[GlossaryEntry, ...]:
    """The shipped public-sector names as engine entries; raise GlossaryError listing every problem."""
    model = _quick_model(path, NamesModel)
    if model is None:
        doc = _read(path)
        try:
            model = NamesModel.model_validate(doc.data)
        except ValidationError as exc:
            raise GlossaryError(explain(doc, exc, (), known_fields(NamesModel))) from exc
    return tuple(name.to_entry() for name in model.names)


def load_signal_words(wordlists: WordLists, path: Path = SIGNALS_FILE) -> SignalWords:
    """The signals' word lists: English words from the derived lists, the rest from `signals.yaml`."""
    model = _quick_model(path, SignalsModel)
    if model is None:
        doc = _read(path)
        try:
            model = SignalsModel.model_validate(doc.data)
        except ValidationError as exc:
            raise GlossaryError(explain(doc, exc, (), known_fields(SignalsModel))) from exc
    lower = {key: tuple(word.lower() for word in words) for key, words in model.model_dump().items()}
    return SignalWords(english=wordlists.english, norwegian=wordlists.norwegian,
                       everyday_loans=frozenset(lower["everyday_loans"]), management_heads=lower["management_heads"],
                       management_modifiers=lower["management_modifiers"], plain_heads=lower["plain_heads"],
                       abstract_suffixes=lower["abstract_suffixes"], insider_heads=lower["insider_heads"],
                       lexicon_compounds=wordlists.compounds)


def _read(path: Path) -> YamlDocument:
    try:
        return read_yaml(path)
    except ContentError as exc:
        raise GlossaryError(exc.problems) from exc


def language_data(glossary: Glossary, lexicon: Lexicon, wordlists: WordLists | None = None,
                  names: tuple[GlossaryEntry, ...] = ()) -> LanguageData:
    """Wire the data files (glossary, Ordbank lexicon, derived word lists, names) into the engine's inputs."""
    words = wordlists or load_wordlists()
    zipf = words.zipf

    def is_common_word(word: str) -> bool:
        if zipf(word) >= COMMON_ZIPF or word in glossary.common_words:
            return True
        if len(word) <= SHORT_ACRONYM:  # TIK, BPA: Ordbank knows them as rare words; in capitals, an acronym
            return word in lexicon.common and zipf(word) >= SHORT_WORD_ZIPF
        return word in lexicon.common or (word in words.nordic and reads_as_word(word))

    return LanguageData(
        lexicon_forms=lexicon.forms,
        known_acronyms=glossary.known_acronyms,
        is_common_word=is_common_word,
        zipf=zipf,
        lemmatise=_lemmatise,
        phrases=load_phrases(),
        sectors=glossary.sectors,
        names=names,
        signals=Signals(load_signal_words(words), zipf),
    )


def reads_as_word(word: str) -> bool:
    """Whether a word in capitals is said as a word, not letter by letter: two vowels or more and never three
    consonants in a row (ASKO, REMA; not DFDS, TRAS is one vowel). A Scandinavian name of that shape written
    in capitals (a brand, a firm, a place) is not an acronym the message should explain."""
    vowels = [ch in _VOWELS for ch in word]
    return sum(vowels) >= 2 and not any(
        not (a or b or c) for a, b, c in zip(vowels, vowels[1:], vowels[2:], strict=False))


def _lemmatise(word: str, lang: str) -> str:
    """simplemma's bokmål lemma (it is weak for nynorsk); loaded on first use because it takes ~0.8 s."""
    import simplemma

    return simplemma.lemmatize(word, lang="nb").lower()


@cache
def load_engine() -> JargonEngine:
    """The shipped engine, built once per process (well under a second)."""
    glossary = load_glossary()
    return JargonEngine(glossary.entries, language_data(glossary, load_lexicon(), names=load_names()))
