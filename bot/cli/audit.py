"""`samskaping audit`: export the audit log of coordinator and lead actions as CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum

import typer

from bot.bootstrap import build
from bot.cli.common import existing_database_or_exit, run, settings_or_exit
from bot.features.audit.service import export_entries

FIELDS = ("at", "workspace_id", "group_id", "actor_user_id", "actor_name", "actor_role", "action", "detail")


class Format(StrEnum):
    CSV = "csv"
    JSON = "json"


def audit(fmt: Format = typer.Option(Format.CSV, "--format", help="csv or json")) -> None:
    """Print every audit entry, oldest first."""
    settings = existing_database_or_exit(settings_or_exit())

    async def _export() -> list[dict[str, object]]:
        app = build(settings)
        try:
            entries = await export_entries(app.ctx)
        finally:
            await app.close()
        return [{f: (getattr(e, f).isoformat() if f == "at" else getattr(e, f)) for f in FIELDS} for e in entries]

    rows = run(_export())
    if fmt is Format.JSON:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    writer.writerows(rows)
    typer.echo(out.getvalue(), nl=False)


def register(app: typer.Typer) -> None:
    """Add `audit` to the main CLI."""
    app.command("audit")(audit)
