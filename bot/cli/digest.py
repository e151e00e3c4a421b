"""`samskaping digest` (text or HTML report of a programme's week) and `samskaping export` (research data)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from bot.bootstrap import build, texts
from bot.cli.common import existing_database_or_exit, run, settings_or_exit
from bot.cli.progress import working
from bot.errors import UserError
from bot.features.audit.service import record_operator
from bot.features.digest.export import export_rows, to_csv, to_json
from bot.features.digest.report import digest_lines, write_report
from bot.features.digest.service import find_programme


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


def digest(
    programme: str = typer.Option(..., "--programme", "-p", help="Programme slug or id."),
    week: str | None = typer.Option(None, "--week", "-w", help="ISO week, e.g. 2026-W48 (default: last week)."),
    html: Path | None = typer.Option(None, "--html", help="Write the HTML report with charts to this file."),
    lang: str | None = typer.Option(None, "--lang", help="nb, nn or en (default: LANGUAGE)."),
) -> None:
    """Print a programme's weekly digest, or write it as a self-contained HTML report."""
    settings = existing_database_or_exit(settings_or_exit())

    async def _run() -> None:
        app = build(settings)
        try:
            await app.migrate()
            if html is not None:
                typer.echo(f"Wrote {await write_report(app, programme, week, html, lang=lang)}")
            else:
                typer.echo("\n".join(await digest_lines(app, programme, week, lang=lang)))
        finally:
            await app.close()

    _friendly(_run, settings.language, "Building the digest")


def export(
    programme: str = typer.Option(..., "--programme", "-p", help="Programme slug or id."),
    format_: ExportFormat = typer.Option(ExportFormat.CSV, "--format", "-f", help="csv or json."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write to this file instead of standard output."),
) -> None:
    """Research export: members who said `forskning ja`, keyed pseudonyms, generalised places, weeks, lengths, texts."""
    settings = existing_database_or_exit(settings_or_exit())
    if not settings.export_pseudonym_salt:
        typer.echo("Set EXPORT_PSEUDONYM_SALT (a per-installation secret) before exporting.", err=True)
        raise typer.Exit(2)

    async def _run() -> None:
        app = build(settings)
        try:
            await app.migrate()
            async with app.ctx.uow() as uow:
                found = await find_programme(uow.session, programme)
                rows = await export_rows(uow.session, found, settings.export_pseudonym_salt, tz=settings.timezone)
                await record_operator(uow, workspace_id=found.workspace_id, action="export", verb="research-export",
                                      target=f"programme {found.slug}", detail=f"answers={len(rows)}",
                                      at=app.ctx.clock.now())
                await uow.commit()
            text = to_csv(rows) if format_ is ExportFormat.CSV else to_json(found, rows)
            if out is None:
                typer.echo(text, nl=False)
            else:
                await asyncio.to_thread(out.write_text, text, encoding="utf-8")
                typer.echo(f"Wrote {len(rows)} answers to {out}", err=True)
        finally:
            await app.close()

    _friendly(_run, settings.language, "Exporting the answers")


def _friendly(job: Callable[[], Coroutine[Any, Any, None]], lang: str, doing: str) -> None:
    """Run the async job; a user error (unknown programme, bad week) is one line on stderr, exit code 1."""
    try:
        with working(doing):
            run(job())
    except UserError as exc:
        typer.echo(texts().t(lang, exc.key, **exc.params), err=True)
        raise typer.Exit(1) from None


def register(app: typer.Typer) -> None:
    """Add `digest` and `export` to the main CLI."""
    app.command("digest")(digest)
    app.command("export")(export)
