"""Anchoring (forankring) words: three directions and three relations, as people write them (nb, nn, en)."""

from __future__ import annotations

DIRECTIONS: tuple[str, ...] = ("sideveis", "oppover", "nedover")
RELATIONS: tuple[str, ...] = ("informert", "involvert", "forankret")

_DIRECTION_WORDS = {
    "sideveis": "sideveis", "sidelengs": "sideveis", "side": "sideveis", "sideways": "sideveis", "sideward": "sideveis",
    "oppover": "oppover", "opp": "oppover", "upwards": "oppover", "up": "oppover", "upward": "oppover",
    "nedover": "nedover", "ned": "nedover", "downwards": "nedover", "down": "nedover", "downward": "nedover",
}
_RELATION_WORDS = {
    "informert": "informert", "informerte": "informert", "informed": "informert",
    "involvert": "involvert", "involverte": "involvert", "involved": "involvert",
    "forankret": "forankret", "forankra": "forankret", "forankrete": "forankret", "anchored": "forankret",
}


def parse_direction(word: str) -> str | None:
    """sideveis | oppover | nedover for what the user wrote, or None."""
    return _DIRECTION_WORDS.get(word.strip().lower())


def parse_relation(word: str) -> str | None:
    """informert | involvert | forankret for what the user wrote, or None."""
    return _RELATION_WORDS.get(word.strip().lower())


def split_stakeholder(text: str) -> tuple[str, str, str] | None:
    """"Kommunedirektør oppover forankret" → (name, direction, relation); the relation may be left out."""
    words = text.split()
    if len(words) >= 3 and parse_relation(words[-1]) and parse_direction(words[-2]):
        return " ".join(words[:-2]), str(parse_direction(words[-2])), str(parse_relation(words[-1]))
    if len(words) >= 2 and parse_direction(words[-1]):
        return " ".join(words[:-1]), str(parse_direction(words[-1])), "informert"
    return None
