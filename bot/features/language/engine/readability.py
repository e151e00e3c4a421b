"""Readability: word count and Björnsson's LIX, with the thresholds for a chat message."""

from __future__ import annotations

from dataclasses import dataclass

LONG_WORD = 6  # LIX counts words of more than six letters as long


@dataclass(frozen=True)
class Thresholds:
    """When a message is too long or too hard to read in a chat channel."""

    max_words: int = 100  # longer than this is a document, not a chat message
    hard_lix: float = 55.0  # LIX 55+ is hard text (official documents); 40 is ordinary newspaper text
    min_words_for_lix: int = 40  # LIX is unreliable for short messages...
    very_hard_lix: float = 65.0  # ...unless it is very high: one long sentence of long words
    min_words_for_very_hard: int = 25
    max_sentence_words: int = 80  # one sentence longer than this is hard to follow, whatever the LIX
    severe_lix: float = 75.0  # a message this hard gets the readability hint before any word hint


def lix(word_lengths: list[int], sentences: int) -> float:
    """Björnsson's LIX: words per sentence plus the percentage of long words."""
    words = len(word_lengths)
    if words == 0:
        return 0.0
    long_words = sum(1 for length in word_lengths if length > LONG_WORD)
    return round(words / max(sentences, 1) + 100.0 * long_words / words, 1)


def is_hard(words: int, score: float, limits: Thresholds) -> bool:
    """Whether a message deserves a readability hint."""
    if words > limits.max_words:
        return True
    if words >= limits.min_words_for_lix and score >= limits.hard_lix:
        return True
    return words >= limits.min_words_for_very_hard and score >= limits.very_hard_lix


def is_severe(words: int, score: float, longest: int, limits: Thresholds) -> bool:
    """Whether the message is so hard to read that the readability hint beats a word hint."""
    if longest > limits.max_sentence_words:
        return True
    return words >= limits.min_words_for_very_hard and score >= limits.severe_lix
