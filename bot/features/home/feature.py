"""Home: a person's own page (Slack App Home); its buttons belong to the features whose settings they change."""

from __future__ import annotations

from pathlib import Path

from bot.kernel.commands.registry import Feature

FEATURE = Feature(name="home", needs=("prompts", "groups", "language", "privacy"),
                  texts=Path(__file__).parent / "texts")
