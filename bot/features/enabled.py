"""The features bootstrap composes, in order: commands appear in help in this order, and chat messages and new
members are offered to the features in this order (the first that answers ends the round)."""

from __future__ import annotations

from bot.features.anchoring.feature import FEATURE as ANCHORING
from bot.features.audit.feature import FEATURE as AUDIT
from bot.features.availability.feature import FEATURE as AVAILABILITY
from bot.features.digest.feature import FEATURE as DIGEST
from bot.features.groups.feature import FEATURE as GROUPS
from bot.features.home.feature import FEATURE as HOME
from bot.features.introductions.feature import FEATURE as INTRODUCTIONS
from bot.features.language.feature import FEATURE as LANGUAGE
from bot.features.milestones.feature import FEATURE as MILESTONES
from bot.features.notes.feature import FEATURE as NOTES
from bot.features.privacy.feature import FEATURE as PRIVACY
from bot.features.prompts.feature import FEATURE as PROMPTS
from bot.features.sources.feature import FEATURE as SOURCES
from bot.kernel.commands.registry import Feature

FEATURES: tuple[Feature, ...] = (GROUPS, PROMPTS, PRIVACY, DIGEST, LANGUAGE, MILESTONES, ANCHORING, NOTES, AVAILABILITY,
                                 SOURCES, INTRODUCTIONS, AUDIT, HOME)
