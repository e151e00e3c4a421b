"""Fixtures for the jargon engine tests: the shipped engine, and a tiny engine built from test entries."""

from __future__ import annotations

import pytest

from bot.features.language.engine import GlossaryEntry, JargonEngine, LanguageData
from bot.features.language.shipped import load_engine


@pytest.fixture(scope="session")
def engine() -> JargonEngine:
    """The shipped glossary with the real language data."""
    return load_engine()


@pytest.fixture
def tiny() -> JargonEngine:
    """An engine over three hand-made entries and no language data, to test the rules alone."""
    entries = [
        GlossaryEntry("forankring", sector="innovasjon", plain_nb="at lederne står bak"),
        GlossaryEntry("mål", sector="skole", plain_nb="det man vil nå"),
        GlossaryEntry("IOP", acronym=True, expansion="individuell opplæringsplan", plain_nb="plan"),
    ]
    return JargonEngine(entries, LanguageData(is_common_word=lambda word: word in {"husk", "viktig"}))


def found(engine: JargonEngine, text: str, lang: str = "nb", **kwargs) -> list[tuple[str, str]]:
    """(matched text, kind) for every term and acronym finding, in order."""
    analysis = engine.analyse(text, lang=lang, **kwargs)
    return [(f.text, f.kind) for f in analysis.findings if f.kind != "readability"]
