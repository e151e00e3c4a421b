"""Privacy: members pause themselves, choose reminders, export everything about them and erase it."""

from __future__ import annotations

from pathlib import Path

from bot.features.privacy import commands as c
from bot.features.privacy import links, retention, service
from bot.kernel.commands.registry import CommandSpec, Feature

FEATURE = Feature(
    name="privacy",
    texts=Path(__file__).parent / "texts",
    needs=("prompts", "language", "audit"),
    commands=(
        CommandSpec("pause-meg", ("pause-me",), c.build_pause_me, "commands.usage.pause-meg",
                    {c.PauseMe: service.pause_me}),
        CommandSpec("varsler", ("reminders",), c.build_reminders, "commands.usage.varsler",
                    {c.Reminders: service.reminder_preferences}),
        CommandSpec("mine-data", ("my-data",), lambda rest: c.MyData(), "commands.usage.mine-data",
                    {c.MyData: service.my_data}),
        CommandSpec("slett-mine-data", ("delete-my-data",), c.build_delete, "commands.usage.slett-mine-data",
                    {c.DeleteMyData: service.delete_my_data}),
        CommandSpec("personvern", ("privacy",), lambda rest: links.PrivacyLinks(), "privacy.usage.personvern",
                    {links.PrivacyLinks: links.privacy_links}),
    ),
    actions={service.SET_REMINDERS: service.toggle_reminders_button,
             service.DELETE_MY_DATA: service.delete_my_data_button},
    planners=(retention.apply_retention,),
)
