"""The jargon engine: glossary terms, unexplained acronyms and hard-to-read text in one chat message."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

from bot.features.language.engine import acronyms as acr
from bot.features.language.engine.model import Analysis, Finding, GlossaryEntry, Phrases
from bot.features.language.engine.readability import Thresholds, is_hard, is_severe, lix
from bot.features.language.engine.signals import Signals
from bot.features.language.engine.terms import TermIndex
from bot.features.language.engine.text import Token, mask_markup, read, tokenize

_Indexes = Sequence[tuple[TermIndex, acr.AcronymIndex]]  # a group's own index (if any), then the shipped one
_Found = tuple[Finding, GlossaryEntry | None]
# What a word is, whatever its position: (entry, kind, lemma, suggestion, reason, signal), or None.
_Verdict = tuple[GlossaryEntry | None, str, str, str, str, str] | None
# Signals whose words a group can learn: explaining one in a message, or `ordliste forstått`, quiets it there.
LEARNABLE = frozenset({"english", "rare", "insider", "name", "acronym"})
_MAX_ENDING = 3  # letters of an inflection ending: -a, -en, -ene, -ane
_VERDICT_CACHE_SIZE = 50_000  # words; cleared when full (a chat vocabulary repeats itself; about 10 MB)

_EXTRA_CACHE_SIZE = 256
_SHOUTED_WORDS = 3  # ordinary words in capitals that make a message shouting
_UNSEEN: _Verdict = (None, "", "", "", "", "")  # marks a word not judged yet in a verdict cache (never a verdict)
_RARE_ZIPF = 3.0  # wordfreq Zipf below 3: fewer than one in a million words of ordinary Norwegian


@dataclass(frozen=True)
class LanguageData:
    """What the engine knows about Norwegian beyond the glossary (the loader reads it from data files)."""

    lexicon_forms: Mapping[str, Collection[str]] = field(default_factory=dict)  # lemma -> Ordbank forms
    known_acronyms: Collection[str] = ()
    is_common_word: Callable[[str], bool] = lambda word: False
    zipf: Callable[[str], float] | None = None
    lemmatise: Callable[[str, str], str] | None = None
    phrases: Phrases = field(default_factory=Phrases)
    sectors: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # sector -> lang -> label
    thresholds: Thresholds = field(default_factory=Thresholds)
    names: Sequence[GlossaryEntry] = ()  # public-sector names (signal "name"), after the glossary
    signals: Signals | None = None  # English words and rare management words


@dataclass(frozen=True, slots=True)
class _Part:
    """A word or one part of a hyphenated word (LK20-læreplanverket), with offsets."""

    start: int
    end: int
    text: str


class JargonEngine:
    """Finds jargon in a message; build it once (see `bot.features.language.shipped.load_engine`) and reuse it."""

    def __init__(self, entries: Sequence[GlossaryEntry], data: LanguageData | None = None) -> None:
        self.data = data or LanguageData()
        self.entries = tuple(entries)
        shipped = (*self.entries, *self.data.names)
        self.terms = TermIndex(shipped, self.data.lexicon_forms, self._everyday)
        self.acronyms = self._acronym_index(shipped)
        self._extra: dict[tuple[GlossaryEntry, ...], tuple[TermIndex, acr.AcronymIndex]] = {}
        # What each word is, per context (lang, shouting, sentence start, index): one dict of words per context,
        # so the loop over a message's words looks each word up with the word alone.
        self._verdicts: dict[tuple[str, bool, bool, int], dict[str, _Verdict]] = {}
        self._cached = 0  # words in all of them

    def _acronym_index(self, entries: Sequence[GlossaryEntry]) -> acr.AcronymIndex:
        return acr.AcronymIndex(entries, self.data.known_acronyms, self.data.is_common_word)

    def analyse(
        self,
        text: str,
        *,
        lang: str = "nb",
        extra_entries: Sequence[GlossaryEntry] = (),
        suppressed: Collection[str] = (),
    ) -> Analysis:
        """Findings (sorted by position), word count and LIX of one message."""
        masked = mask_markup(text)
        tokens, sentences, lengths, longest, capitals = read(masked)
        score = lix(lengths, sentences)
        shouting = capitals >= _SHOUTED_WORDS and _is_shouting(tokens, self.data.is_common_word)
        found = self._scan(text, masked, tokens, lang, self._indexes(extra_entries), shouting)
        found = self._merge_english(found, masked, lang)
        found = _drop_everyday_senses(found, tokens)
        found, explained = _drop_explained(found, masked)
        muted = {word.lower() for word in suppressed}
        findings = [f for f, entry in found if not _is_muted(f, entry, muted)]
        limits = self.data.thresholds
        if is_hard(len(lengths), score, limits) or is_severe(len(lengths), score, longest, limits):
            findings.append(self._readability(text, len(lengths), score, longest, lang))
        return Analysis(tuple(findings), len(lengths), score, longest, explained)

    def forget_words(self) -> None:
        """Empty the cache of word verdicts (benchmarks measure the engine seeing every word for the first time)."""
        self._verdicts.clear()
        self._cached = 0

    def candidate_terms(
        self, text: str, *, lang: str = "nb", extra_entries: Sequence[GlossaryEntry] = ()
    ) -> list[str]:
        """Lemmas of words that are rare in general Norwegian and in no glossary (for coordinators)."""
        masked = mask_markup(text)
        tokens, _ = tokenize(masked)
        indexes = self._indexes(extra_entries)
        candidates: dict[str, None] = {}
        for token in tokens:
            for part in _parts(token):
                lemma = self._candidate(part, token, indexes, lang)
                if lemma:
                    candidates.setdefault(lemma, None)
        return list(candidates)

    def _everyday(self, word: str) -> bool:
        """Whether general Norwegian uses the word at least once in a million words."""
        return self.data.zipf is not None and self.data.zipf(word) >= _RARE_ZIPF

    def _indexes(self, extra: Sequence[GlossaryEntry]) -> list[tuple[TermIndex, acr.AcronymIndex]]:
        """The group's own index first (its explanation wins), then the shipped one."""
        shipped = (self.terms, self.acronyms)
        if not extra:
            return [shipped]
        key = tuple(extra)
        if key not in self._extra:
            if len(self._extra) >= _EXTRA_CACHE_SIZE:
                self._extra.pop(next(iter(self._extra)))
                self.forget_words()  # verdicts are keyed by the index's id, which a new index may reuse
            self._extra[key] = (TermIndex(key, self.data.lexicon_forms, self._everyday), self._acronym_index(key))
        return [self._extra[key], shipped]

    def _scan(self, text: str, masked: str, tokens: list[Token], lang: str, indexes: _Indexes, shouting: bool
              ) -> list[_Found]:
        """Walk the words once: multi-word terms first, then single words and their hyphenated parts."""
        found: list[_Found] = []
        firsts = [terms.phrases for terms, _ in indexes]
        shipped_firsts = firsts[-1]
        single = len(firsts) == 1
        inside = self._verdict_cache(lang, shouting, False, indexes)  # the common case, looked up inline below
        first = self._verdict_cache(lang, shouting, True, indexes)
        count = len(tokens)
        i = 0
        while i < count:
            token = tokens[i]
            start, end, word, sentence_start = token
            lower = word.lower()
            if lower in shipped_firsts if single else any(lower in f for f in firsts):
                hit = self._phrase(tokens, i, lower, masked, indexes)
                if hit is not None:
                    entry, size = hit
                    found.append(_finding(text, start, tokens[i + size - 1].end, self._term(entry, lang)))
                    i += size
                    continue
            if "-" in lower:
                found.extend(self._hyphenated(text, token, lower, indexes, lang, shouting))
            else:
                cache = first if sentence_start else inside
                verdict = cache.get(word, _UNSEEN)
                if verdict is _UNSEEN:
                    verdict = self._remember(cache, word, indexes, lang, shouting, sentence_start)
                if verdict is not None:
                    found.append(_finding(text, start, end, verdict))
            i += 1
        return found

    def _hyphenated(self, text: str, token: Token, lower: str, indexes: _Indexes, lang: str, shouting: bool
                    ) -> list[_Found]:
        """Findings in a hyphenated token; a hyphenated glossary term (PP-tjenesten) is tried whole first."""
        for terms, _ in indexes:
            entry = terms.whole.get(lower)
            if entry is not None:
                return [_finding(text, token.start, token.end, self._term(entry, lang))]
        hits: list[_Found] = []
        parts = _parts(token)
        for number, part in enumerate(parts):
            hit = self._word(text, part.start, part.end, part.text, indexes, lang, shouting,
                             token.sentence_start and number == 0)
            if hit is not None:
                hits.append(hit)
        if not hits:
            return self._hyphenated_signal(text, token, lang)
        if all(f.signal == "english" for f, _ in hits) and self._english_token(parts, hits):
            return [_finding(text, token.start, token.end, self._signal("english", token.text.lower(), lang))]
        if len(hits) > 1 and all(f.kind == "term" for f, _ in hits):  # stakeholder-mapping: one word, one hint
            first, entry = next((hit for hit in hits if hit[0].signal != "english"), hits[0])
            whole = Finding(token.start, token.end, token.text, first.lemma, first.kind, first.suggestion,
                            first.reason, first.signal)
            return [(whole, entry)]
        return hits

    def _hyphenated_signal(self, text: str, token: Token, lang: str) -> list[_Found]:
        """A hyphenated token none of whose parts is jargon on its own: an English phrasal noun (stand-up), or a
        rare management compound written with a hyphen (exit-strategi, output-basert)."""
        signals = self.data.signals
        if signals is None or (token.text[0].isupper() and not token.sentence_start):
            return []  # a name: Dekomp-midlar is the names list's business
        pieces = token.text.lower().split("-")
        phrase = signals.english_phrase(pieces)
        if phrase is not None:
            return [_finding(text, token.start, token.end, self._signal("english", phrase, lang))]
        joined = "".join(pieces)
        if joined.isalpha() and signals.rare_term(joined):
            return [_finding(text, token.start, token.end, self._signal("rare", token.text.lower(), lang))]
        return []

    def _merge_english(self, found: list[_Found], masked: str, lang: str) -> list[_Found]:
        """Neighbouring English words are one finding: «value proposition», «low-hanging fruit»."""
        merged: list[_Found] = []
        for finding, entry in found:
            last = merged[-1][0] if merged else None
            if last is not None and finding.signal == "english" and last.signal == "english":
                gap = masked[last.end : finding.start]
                if not gap.strip(" -"):
                    phrase = masked[last.start : finding.end].lower()
                    merged[-1] = _finding(masked, last.start, finding.end, self._signal("english", phrase, lang))
                    continue
            merged.append((finding, entry))
        return merged

    def _english_token(self, parts: list[_Part], hits: list[_Found]) -> bool:
        """Whether a hyphenated token with English parts is English as a whole: low-hanging, buy-in, one-pager."""
        signals = self.data.signals
        flagged = {f.start for f, _ in hits}
        return signals is not None and all(
            part.start in flagged or len(part.text) <= 3 or part.text.lower() in signals.words.english
            for part in parts)

    def _phrase(self, tokens: list[Token], i: int, first: str, masked: str, indexes: _Indexes
                ) -> tuple[GlossaryEntry, int] | None:
        """The multi-word term starting at token i, and how many tokens it covers."""
        for terms, _ in indexes:
            for phrase in terms.phrases.get(first, ()):
                size = len(phrase.words)
                if i + size <= len(tokens) and _phrase_fits(tokens, i, phrase.words, masked):
                    return phrase.entry, size
        return None

    def _word(self, text: str, start: int, end: int, word: str, indexes: _Indexes, lang: str, shouting: bool,
              sentence_start: bool) -> _Found | None:
        """The finding for one word or word part: an acronym, a glossary term or name, a signal, or None."""
        cache = self._verdict_cache(lang, shouting, sentence_start, indexes)
        verdict = cache.get(word, _UNSEEN)
        if verdict is _UNSEEN:
            verdict = self._remember(cache, word, indexes, lang, shouting, sentence_start)
        return None if verdict is None else _finding(text, start, end, verdict)

    def _verdict_cache(self, lang: str, shouting: bool, sentence_start: bool, indexes: _Indexes
                       ) -> dict[str, _Verdict]:
        """The cache of word verdicts for one context (what `_judge` decides depends on nothing else)."""
        key = (lang, shouting, sentence_start, id(indexes[0][0]))
        cache = self._verdicts.get(key)
        if cache is None:
            cache = self._verdicts[key] = {}
        return cache

    def _remember(self, cache: dict[str, _Verdict], word: str, indexes: _Indexes, lang: str, shouting: bool,
                  sentence_start: bool) -> _Verdict:
        """Judge a word not seen before in this context and cache the verdict (all caches are emptied when full)."""
        if self._cached >= _VERDICT_CACHE_SIZE:
            for words in self._verdicts.values():
                words.clear()  # clear in place: the caller's loop may hold one of these dicts
            self._cached = 0
        verdict = cache[word] = self._judge(word, indexes, lang, shouting, sentence_start)
        self._cached += 1
        return verdict

    def _judge(self, word: str, indexes: _Indexes, lang: str, shouting: bool, sentence_start: bool) -> _Verdict:
        """What one word is, wherever it stands (the cached part of `_word`)."""
        lower = word.lower()
        if len(word) >= 2 and (word[0].isupper() or _is_acronym_key(lower, indexes)):
            for _, acronyms in indexes:
                match = acronyms.match(word)
                if match is not None and (match[1] is not None or not shouting):
                    return self._acronym(match, lang)
        for terms, _ in indexes:
            entry = terms.word(lower)
            if entry is not None:
                return self._term(entry, lang)
        signals = self.data.signals
        if signals is None or not lower.isalpha() or (word[0].isupper() and not sentence_start):
            return None  # a capital inside a sentence: a name (Teams, Miro, Flåm)
        english = signals.english(lower)
        if english is not None:
            return self._signal("english", english, lang)
        if signals.rare_term(lower):
            return self._signal("rare", lower, lang)
        if signals.insider(lower):
            return self._signal("insider", lower, lang)
        return None

    def _signal(self, signal: str, lemma: str, lang: str) -> _Verdict:
        phrases = self.data.phrases
        suggestion = phrases.get(lang, f"jargon.suggestion.{signal}", term=lemma)
        reason = phrases.get(lang, f"jargon.reason.{signal}", term=lemma)
        return None, "term", lemma, suggestion, reason, signal

    def _term(self, entry: GlossaryEntry, lang: str) -> _Verdict:
        kind = "acronym" if entry.acronym else "term"
        phrases = self.data.phrases
        if entry.signal == "name":
            what = phrases.get(lang, f"jargon.name_kind.{entry.sector}")
            reason = phrases.get(lang, "jargon.reason.name", term=entry.term, kind=what, plain=entry.plain(lang))
            return entry, kind, entry.term, entry.plain(lang), reason, "name"
        sector = self._sector(entry.sector, lang)
        reason = phrases.get(lang, f"jargon.reason.{kind}", term=entry.term, sector=sector)
        return entry, kind, entry.term, entry.plain(lang), reason, "glossary"

    def _acronym(self, match: tuple[str, GlossaryEntry | None], lang: str) -> _Verdict:
        core, entry = match
        if entry is not None:
            return self._term(entry, lang)
        phrases = self.data.phrases
        suggestion = phrases.get(lang, "jargon.suggestion.unknown_acronym", term=core)
        reason = phrases.get(lang, "jargon.reason.unknown_acronym", term=core)
        return None, "acronym", core, suggestion, reason, "acronym"

    def _readability(self, text: str, words: int, score: float, longest: int, lang: str) -> Finding:
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        phrases = self.data.phrases
        limits = self.data.thresholds
        if longest > limits.max_sentence_words:
            suggestion = phrases.get(lang, "jargon.suggestion.long_sentence", words=longest)
            reason = phrases.get(lang, "jargon.reason.long_sentence", words=longest)
        else:
            suggestion = phrases.get(lang, "jargon.suggestion.readability", words=words, lix=score)
            reason = phrases.get(lang, "jargon.reason.readability", words=words, lix=score)
        signal = "severe" if is_severe(words, score, longest, limits) else "readability"
        return Finding(start, end, text[start:end], "lix", "readability", suggestion, reason, signal)

    def _sector(self, sector: str, lang: str) -> str:
        labels = self.data.sectors.get(sector) or {}
        return labels.get(lang) or labels.get("nb") or sector

    def _candidate(self, part: _Part, token: Token, indexes: _Indexes, lang: str) -> str | None:
        word = part.text
        if any(ch.isdigit() for ch in word) or len(word) < 2:
            return None
        if word[:2].isupper():
            matches = [acronyms.match(word) for _, acronyms in indexes]
            if any(match is None or match[1] is not None for match in matches):
                return None  # known, shouting, or already in a glossary
            return matches[0][0] if matches[0] else None
        if word[0].isupper() and not token.sentence_start:
            return None  # a name
        lower = word.lower()
        if len(lower) < 6 or any(terms.word(lower) for terms, _ in indexes):
            return None
        lemma = self.data.lemmatise(lower, lang) if self.data.lemmatise else lower
        zipf = self.data.zipf
        if zipf is None or max(zipf(lower), zipf(lemma)) < _RARE_ZIPF:
            return lemma
        return None


def _finding(text: str, start: int, end: int, verdict: _Verdict) -> _Found:
    assert verdict is not None
    entry, kind, lemma, suggestion, reason, signal = verdict
    return Finding(start, end, text[start:end], lemma, kind, suggestion, reason, signal), entry


def _is_acronym_key(lower: str, indexes: _Indexes) -> bool:
    for _, acronyms in indexes:
        if lower in acronyms.lower_keys:
            return True
    return False


def _parts(token: Token) -> list[_Part]:
    """A token, or the parts of a hyphenated token; an ending after a hyphen (IOP-en) stays attached."""
    if "-" not in token.text:
        return [_Part(token.start, token.end, token.text)]
    parts: list[_Part] = []
    offset = token.start
    for piece in token.text.split("-"):
        if parts and piece.lower() in {"en", "et", "er", "ene", "a", "ar", "ane", "s", "ens"}:
            last = parts.pop()
            parts.append(_Part(last.start, offset + len(piece), f"{last.text}-{piece}"))
        else:
            parts.append(_Part(offset, offset + len(piece), piece))
        offset += len(piece) + 1
    return parts


def _phrase_fits(tokens: list[Token], i: int, words: tuple[frozenset[str], ...], masked: str) -> bool:
    for j, forms in enumerate(words):
        token = tokens[i + j]
        if token.text.lower() not in forms:
            return False
        if j and masked[tokens[i + j - 1].end : token.start].strip():
            return False  # punctuation between the words: not one term
    return True


def _is_shouting(tokens: list[Token], is_common_word: Callable[[str], bool]) -> bool:
    """A message written in capitals (HUSK MØTE MED TPO): its unknown capital words are shouting too."""
    shouted = sum(1 for t in tokens if len(t.text) >= 2 and t.text.isupper() and is_common_word(t.text.lower()))
    return shouted >= _SHOUTED_WORDS


def _drop_explained(found: list[_Found], masked: str) -> tuple[list[_Found], tuple[str, ...]]:
    """Remove terms and acronyms the message explains, and findings inside those explanations; also return
    the words found by a signal (not the glossary) that the message explains, so the group can learn them."""
    explained: set[str] = set()
    spans: list[tuple[int, int]] = []
    expansions: list[tuple[int, int]] = []  # "samarbeidsutvalget (SU)": the words before the bracket
    lower = ""
    nearby = acr.may_explain(masked)
    for finding, entry in found:
        after = nearby and acr.is_defined_after(masked, finding.end)
        before = None if after or not nearby else acr.expansion_span(masked, finding.start, finding.end)
        if after or before:
            explained.add(finding.lemma)
            if after:
                spans.append((finding.end, finding.end + 300))
            if before:
                expansions.append(before)
        elif entry is not None and entry.acronym:
            lower = lower or masked.lower()
            if acr.expansion_written(entry, lower):
                explained.add(finding.lemma)
    if not explained:
        return found, ()
    learned = tuple(dict.fromkeys(f.lemma.lower() for f, _ in found if f.lemma in explained and f.signal in LEARNABLE))
    spans = [span for span in acr.paren_spans(masked) if any(a <= span[0] < a + 3 for a, _ in spans)]
    kept = [
        (f, e)
        for f, e in found
        if f.lemma not in explained
        and not any(s <= f.start < t for s, t in spans)
        and not any(acr.in_expansion(masked, span, f.start, f.end) for span in expansions)
    ]
    return kept, learned


def _drop_everyday_senses(found: list[_Found], tokens: list[Token]) -> list[_Found]:
    """Remove homonyms used in their everyday sense: «forankret» in a message about a boat or a quay."""
    if not any(entry is not None and entry.everyday_context for _, entry in found):
        return found
    words = [(t.start, t.text.lower()) for t in tokens]
    kept: list[_Found] = []
    for finding, entry in found:
        stems = entry.everyday_context if entry is not None else ()
        if stems and any(stem in word for start, word in words if start != finding.start for stem in stems):
            continue
        kept.append((finding, entry))
    return kept


def _is_muted(finding: Finding, entry: GlossaryEntry | None, muted: set[str]) -> bool:
    """Whether the group or person muted this word; a word found by a signal also in its inflected forms
    (marking «gevinstrealisering» as understood covers «gevinstrealiseringa»)."""
    if not muted:
        return False
    text = finding.text.lower()
    names = {finding.lemma.lower(), text}
    if entry is not None:
        names.update(surface.lower() for surface in entry.surfaces())
    if not names.isdisjoint(muted):
        return True
    return finding.signal in LEARNABLE and any(
        text.startswith(key) and len(text) - len(key) <= _MAX_ENDING for key in muted)
