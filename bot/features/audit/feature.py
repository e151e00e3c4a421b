"""Audit: what coordinators, leads and mentors changed, recorded in the same transaction, shown by `logg`."""

from __future__ import annotations

from pathlib import Path

from bot.features.audit import service, tables
from bot.features.audit.commands import AuditLog, build_log
from bot.kernel.commands.registry import CommandSpec, Feature

FEATURE = Feature(
    name="audit",
    texts=Path(__file__).parent / "texts",
    commands=(CommandSpec("logg", ("log",), build_log, "commands.usage.logg", {AuditLog: service.show_log}),),
    command_journals=(service.record,),
    erasers=(service.erase_actor,),
    tables=(tables,),
    inert_tables=(tables.AuditEntry,),
)
