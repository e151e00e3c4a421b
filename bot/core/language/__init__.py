"""Norwegian-aware jargon ("stammespråk") detection: glossary terms, unexplained acronyms, readability."""

from bot.core.language.engine import JargonEngine, LanguageData
from bot.core.language.model import Analysis, Finding, GlossaryEntry, Phrases
from bot.core.language.readability import Thresholds

__all__ = ["Analysis", "Finding", "GlossaryEntry", "JargonEngine", "LanguageData", "Phrases", "Thresholds"]
