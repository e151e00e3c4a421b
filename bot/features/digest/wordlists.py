"""Language resources for the digest's themes: the shipped Norwegian stopword list and simplemma lemmas."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path

STOPWORDS_FILE = Path(__file__).parent / "stopwords" / "no.txt"


@cache
def norwegian_stopwords(path: Path = STOPWORDS_FILE) -> frozenset[str]:
    """Bokmål and nynorsk function words, one a line (read once per process)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=50_000)
def _lemma(word: str, lang: str) -> str:
    import simplemma  # loaded on first use: its dictionaries take ~0.8 s

    # simplemma is weak for nynorsk alone; trying nn then nb catches most forms.
    langs = ("nn", "nb") if lang == "nn" else ("nb",)
    return simplemma.lemmatize(word, lang=langs).lower()


def lemmatiser(lang: str = "nb") -> Callable[[str], str]:
    """A cached word → lemma function for bokmål (`nb`) or nynorsk (`nn`)."""
    return lambda word: _lemma(word, "nn" if lang == "nn" else "nb")
