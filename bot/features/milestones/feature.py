"""Milestones: dated steps with owners, anchoring checklists, nudges before they are due, and a digest section."""

from __future__ import annotations

from pathlib import Path

from bot.features.milestones import checklists, digest, forms, nudges, service, tables
from bot.features.milestones import commands as c
from bot.kernel.commands.registry import CommandSpec, Feature

FEATURE = Feature(
    name="milestones",
    texts=Path(__file__).parent / "texts",
    needs=("anchoring", "digest"),
    commands=(
        CommandSpec("milepæl", ("milepael", "milestone", "milestones"), c.build_milestone, "milestones.usage", {
            c.MilestoneAdd: service.add, c.MilestoneList: service.list_milestones, c.MilestoneDone: service.done,
            c.MilestoneMove: service.move, c.MilestoneDelete: service.delete, c.MilestoneHelp: service.show_help,
            c.MilestoneForm: forms.open_form, c.MilestoneCheck: checklists.check,
            c.MilestoneChecklist: checklists.attach}),
    ),
    actions={
        "milestone_done": service.done_button,
        "milestone_move": forms.open_form_button,
        "milestone_checklist": checklists.open_button,
        "milestone_tick": checklists.tick_button,
        "milestone_confirm": service.confirm,
        "milestone_cancel": service.cancel_confirmation,
    },
    forms={forms.FORM_ID: forms.submit},
    planners=(nudges.plan_milestones,),
    digest_sections=(digest.milestone_status,),
    tables=(tables,),
)
