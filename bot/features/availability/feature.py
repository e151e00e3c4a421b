"""Availability: a person's own working hours and time zone, respected by every private message the bot sends."""

from __future__ import annotations

from pathlib import Path

from bot.features.availability import service, tables
from bot.kernel.commands.registry import CommandSpec, Feature

FEATURE = Feature(
    name="availability",
    needs=("digest",),  # a programme's leads and mentors (ProgrammeRole) may set their hours outside any group
    texts=Path(__file__).parent / "texts",
    commands=(
        CommandSpec("arbeidstid", ("working-hours", "hours"), lambda rest: service.WorkingHours(rest),
                    "availability.usage_hours", {service.WorkingHours: service.set_hours}),
        CommandSpec("tidssone", ("timezone", "time-zone"), lambda rest: service.TimeZone(rest),
                    "availability.usage_zone", {service.TimeZone: service.set_zone}),
    ),
    exporters={"working_hours": service.export_settings},
    own_hours=(service.own_hours,),
    erasers=(service.erase_own_hours,),
    tables=(tables,),
)
