"""Language resources for the digest's themes: the shipped Norwegian stopword list and simplemma lemmas."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

STOPWORDS_FILE = Path(__file__).parent / "stopwords" / "no.txt"


@cache
def norwegian_stopwords(path: Path = STOPWORDS_FILE) -> frozenset[str]:
    """Bokmål and nynorsk function words, one a line (read once per process)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


@cache
def _lemmatizer() -> Any:
    """simplemma over its MARISA-trie dictionaries: built once per machine into the user's cache folder
    (`warm_lemmas`), then opened in milliseconds; without the trie extra, simplemma's own dictionaries
    (decoded on every start, about 2 s for bokmål)."""
    import simplemma  # loaded on first use
    from simplemma.strategies import DefaultStrategy
    from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieDictionaryFactory

    try:
        return simplemma.Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=TrieDictionaryFactory()))
    except ImportError:  # marisa-trie is not installed
        return simplemma.Lemmatizer()


@lru_cache(maxsize=50_000)
def _lemma(word: str, lang: str) -> str:
    # simplemma is weak for nynorsk alone; trying nn then nb catches most forms.
    langs = ("nn", "nb") if lang == "nn" else ("nb",)
    return str(_lemmatizer().lemmatize(word, lang=langs)).lower()


def warm_lemmas() -> None:
    """Build (or open) the bokmål and nynorsk lemma tries now, so the first digest does not wait for them."""
    for lang in ("nb", "nn"):
        _lemmatizer().lemmatize("samskaping", lang=lang)  # each language's dictionary is opened on first lookup


def lemmatiser(lang: str = "nb") -> Callable[[str], str]:
    """A cached word → lemma function for bokmål (`nb`) or nynorsk (`nn`)."""
    return lambda word: _lemma(word, "nn" if lang == "nn" else "nb")


if __name__ == "__main__":  # `python -m bot.features.digest.wordlists`: `make install` and the image run it once
    warm_lemmas()
