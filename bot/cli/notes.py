"""`samskaping notes`: a group's notes for its next gathering as a Word document or a printable HTML page."""

from __future__ import annotations

import asyncio
from enum import StrEnum
from pathlib import Path

import typer

from bot.bootstrap import build, texts
from bot.cli.common import existing_database_or_exit, run, settings_or_exit
from bot.errors import UserError
from bot.features.notes.service import notes_lines, write_notes


class Lang(StrEnum):
    nb = "nb"
    nn = "nn"
    en = "en"


def notes(
    group: str = typer.Option(..., "--group", "-g", help="The group's municipality, e.g. Bodø."),
    out: Path = typer.Option(..., "--out", "-o", help="notat.docx (Word) or notat.html (printable on A4)."),
    gathering: str | None = typer.Option(None, "--gathering", help="A gathering id or number (default: the next)."),
    shareable: bool = typer.Option(False, "--shareable", help="Themes and consented quotes only, no names."),
    lang: Lang | None = typer.Option(None, "--lang", help="nb, nn or en (default: the group's language)."),
) -> None:
    """Write the notes for a group's gathering: the coordinator's copy (answers with names) or a shareable one."""
    settings = existing_database_or_exit(settings_or_exit())
    if out.suffix.lower() not in (".docx", ".html", ".htm"):
        typer.echo(f"{out.name}: write the notes as .docx or .html", err=True)
        raise typer.Exit(2)

    async def _run() -> None:
        app = build(settings)
        try:
            await app.migrate()
            lines, chosen = await notes_lines(app.ctx, group, gathering=gathering, shareable=shareable,
                                              lang=lang.value if lang else None)
            await asyncio.to_thread(write_notes, lines, chosen, out)
        finally:
            await app.close()

    try:
        run(_run())
    except UserError as exc:
        typer.echo(texts().t(lang.value if lang else settings.language, exc.key, **exc.params), err=True)
        raise typer.Exit(1) from None
    kind = "shareable" if shareable else "coordinator's (with names)"
    typer.echo(f"Wrote the {kind} notes to {out}")


def register(app: typer.Typer) -> None:
    app.command("notes")(notes)
