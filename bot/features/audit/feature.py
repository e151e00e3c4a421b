"""Audit: what coordinators, leads and mentors did, recorded after each command and shown by `logg`."""

from __future__ import annotations

from bot.features.audit import service, tables
from bot.features.audit.commands import AuditLog, build_log
from bot.kernel.commands.registry import CommandSpec, Feature

FEATURE = Feature(
    name="audit",
    commands=(CommandSpec("logg", ("log",), build_log, "commands.usage.logg", {AuditLog: service.show_log}),),
    after_command=(service.record,),
    tables=(tables,),
)
