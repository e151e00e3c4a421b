"""Notes for the next gathering (samling): the work since the last one, for the coordinator or to share."""

from __future__ import annotations

from pathlib import Path

from bot.features.notes import commands as c
from bot.features.notes import service
from bot.kernel.commands.registry import CommandSpec, Feature

FEATURE = Feature(
    name="notes",
    texts=Path(__file__).parent / "texts",
    needs=("prompts", "milestones", "anchoring", "digest", "groups", "sources"),  # sources: entries_for_notes
    commands=(
        CommandSpec("notat", ("notes",), c.build_notes, "commands.usage.notat",
                    {c.GatheringNotes: service.gathering_notes}),
    ),
)
