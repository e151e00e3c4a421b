"""Themes of the week: Norwegian keywords from reflections (stopwords out, words lemmatised), and quotes.

The lemmatiser and stopword list are passed in, so this stays pure; `bot.features.digest.wordlists` supplies
simplemma's bokmål/nynorsk lemmas and the shipped Norwegian stopword list.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from bot.features.digest.rules import Quote, Theme

Lemmatise = Callable[[str], str]

_WORD = re.compile(r"[a-zæøåéèòôäöü]+(?:-[a-zæøåéèòôäöü]+)*")
MIN_LENGTH = 3


def keywords(text: str, *, stopwords: frozenset[str], lemmatise: Lemmatise) -> set[str]:
    """The distinct content words of one text, as lemmas."""
    found = set()
    for word in _WORD.findall(text.lower()):
        if len(word) < MIN_LENGTH or word in stopwords:
            continue
        lemma = lemmatise(word).lower()
        if len(lemma) >= MIN_LENGTH and lemma not in stopwords:
            found.add(lemma)
    return found


def extract_themes(texts: Iterable[str], *, stopwords: frozenset[str], lemmatise: Lemmatise, limit: int = 8,
                   min_texts: int = 2) -> tuple[Theme, ...]:
    """The words most reflections share (counted once per reflection); ties broken alphabetically."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(keywords(text, stopwords=stopwords, lemmatise=lemmatise))
    ranked = sorted((w for w, n in counts.items() if n >= min_texts), key=lambda w: (-counts[w], w))
    return tuple(Theme(w, counts[w]) for w in ranked[:limit])


@dataclass(frozen=True)
class QuoteCandidate:
    """A reflection whose author consented to anonymous quoting (no author field on purpose)."""

    text: str
    municipality: str
    group_members: int


def pick_quotes(candidates: Sequence[QuoteCandidate], themes: Sequence[Theme], *, stopwords: frozenset[str],
                lemmatise: Lemmatise, min_group_size: int, limit: int = 3, max_chars: int = 280
                ) -> tuple[Quote, ...]:
    """Up to `limit` quotes that touch the most themes; small groups' quotes lose their municipality."""
    theme_words = {t.word for t in themes}

    def overlap(candidate: QuoteCandidate) -> int:
        return len(keywords(candidate.text, stopwords=stopwords, lemmatise=lemmatise) & theme_words)

    fitting = [c for c in candidates if 20 <= len(c.text.strip()) <= max_chars]
    ranked = sorted(fitting, key=lambda c: (-overlap(c), len(c.text), c.text))
    return tuple(Quote(c.text.strip(), c.municipality if c.group_members >= min_group_size else None)
                 for c in ranked[:limit])
