"""`samskaping audit --since … --format csv|json`: export the audit log (who did what to what, and when)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

import typer

from bot.bootstrap import build
from bot.cli.common import existing_database_or_exit, run, settings_or_exit
from bot.features.audit.service import export_entries

FIELDS = ("at", "workspace_id", "group_id", "actor_user_id", "actor_name", "actor_role", "action", "verb", "target",
          "detail")


class Format(StrEnum):
    CSV = "csv"
    JSON = "json"


def parse_since(value: str, tz: str) -> datetime:
    """A date (midnight in TIMEZONE) or an ISO date-time (without an offset: in TIMEZONE), as UTC."""
    try:
        moment = datetime.fromisoformat(value) if "T" in value or " " in value.strip() else \
            datetime.combine(date.fromisoformat(value), datetime.min.time())
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (2026-12-01) or a date and time (2026-12-01T08:00)",
                                 param_hint="--since") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(tz))).astimezone(UTC)


def audit(fmt: Format = typer.Option(Format.CSV, "--format", help="csv or json"),
          since: str | None = typer.Option(None, "--since", help="Only entries from this date (2026-12-01) or "
                                           "moment (2026-12-01T08:00), in TIMEZONE unless an offset is given.")
          ) -> None:
    """Print the audit log, oldest first: coordinator, owner, lead and operator actions, digest and answer views,
    exports and (anonymous) erasures."""
    settings = existing_database_or_exit(settings_or_exit())
    start = parse_since(since, settings.timezone) if since else None

    async def _export() -> list[dict[str, object]]:
        app = build(settings)
        try:
            entries = await export_entries(app.ctx, since=start)
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
