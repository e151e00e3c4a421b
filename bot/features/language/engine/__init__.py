"""Norwegian-aware jargon ("stammespråk") detection: glossary terms, unexplained acronyms, readability."""

from bot.features.language.engine.engine import JargonEngine, LanguageData
from bot.features.language.engine.model import Analysis, Finding, GlossaryEntry, Phrases
from bot.features.language.engine.readability import Thresholds

__all__ = ["Analysis", "Finding", "GlossaryEntry", "JargonEngine", "LanguageData", "Phrases", "Thresholds"]
