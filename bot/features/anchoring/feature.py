"""Anchoring (forankring): each group's stakeholder map — sideways, upwards, downwards — and its digest section."""

from __future__ import annotations

from pathlib import Path

from bot.features.anchoring import commands as c
from bot.features.anchoring import digest, stakeholders, tables
from bot.kernel.commands.registry import CommandSpec, Feature

FEATURE = Feature(
    name="anchoring",
    texts=Path(__file__).parent / "texts",
    needs=("digest",),
    commands=(
        CommandSpec("forankring", ("anchoring", "stakeholders"), c.build_anchoring, "anchoring.usage", {
            c.StakeholderList: stakeholders.show, c.StakeholderAdd: stakeholders.add,
            c.StakeholderEdit: stakeholders.edit, c.StakeholderContact: stakeholders.contact,
            c.StakeholderRemove: stakeholders.remove}),
    ),
    actions={"stakeholder_contacted": stakeholders.contacted_button},
    digest_sections=(digest.anchoring_status,),
    tables=(tables,),
    inert_tables=(tables.Stakeholder,),
)
