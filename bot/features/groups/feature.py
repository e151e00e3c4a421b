"""Groups: setting up a group in a channel, joining it, sectors, languages, roles and the welcome."""

from __future__ import annotations

from pathlib import Path

from bot.features.groups import commands as c
from bot.features.groups import service, welcome
from bot.kernel.commands.registry import CommandSpec, Feature

FEATURE = Feature(
    name="groups",
    texts=Path(__file__).parent / "texts",
    commands=(
        CommandSpec("oppsett", ("setup",), c.build_set_up, "commands.usage.oppsett",
                    {c.SetUp: service.set_up_group}),
        CommandSpec("bli-med", ("join",), c.build_join, "commands.usage.bli-med", {c.Join: service.join_group}),
        CommandSpec("sektor", ("sector",), c.build_sector, "commands.usage.sektor",
                    {c.SetSector: service.set_sector}),
        CommandSpec("språk", ("sprak", "language"), c.build_language, "commands.usage.språk",
                    {c.SetLanguage: service.set_language}),
        CommandSpec("rolle", ("role",), c.build_role, "commands.usage.rolle", {c.SetRole: service.set_role}),
    ),
    actions={service.SET_SECTOR: service.set_sector_button, service.SET_LANGUAGE: service.choose_language_button},
    on_join=(welcome.welcome,),
)
