"""Introductions across sectors: pairs of members who have not talked before, on a rhythm a coordinator sets."""

from __future__ import annotations

from pathlib import Path

from bot.features.introductions import answers, digest, planner, settings, tables, twins
from bot.features.introductions import commands as c
from bot.features.introductions.views import MET, NOT_YET
from bot.kernel.commands.registry import CommandSpec, Feature

FEATURE = Feature(
    name="introductions",
    texts=Path(__file__).parent / "texts",
    needs=("digest",),
    commands=(
        CommandSpec("intro", ("introduksjon", "introductions", "introduction"), c.build_intro,
                    "introductions.usage", {
                        c.IntroOn: settings.turn_on, c.IntroStop: settings.stop, c.IntroOptOut: settings.opt_out,
                        c.IntroOptIn: settings.opt_in, c.IntroStatus: settings.status,
                        c.IntroAcross: twins.set_across}),
    ),
    actions={MET: answers.met_button, NOT_YET: answers.not_yet_button},
    planners=(planner.plan_introductions,),
    digest_sections=(digest.introduction_status,),
    erasers=(answers.cancel_pending_for,),
    exporters={"introductions": answers.export_introductions},
    tables=(tables,),
    inert_tables=(tables.IntroAnswer,),
)
