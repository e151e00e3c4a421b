"""`samskaping privacy`: the retention table for docs/privacy.md and the DPIA, from this installation's settings."""

from __future__ import annotations

import typer

from bot.bootstrap import texts
from bot.cli.common import settings_or_exit
from bot.features.privacy.pages import LANGUAGES, retention_markdown

privacy_app = typer.Typer(help="The privacy kit: what is kept for how long, as configured.", no_args_is_help=True)


@privacy_app.command("retention-table")
def retention_table(lang: str = typer.Option("en", "--lang", help="nb, nn or en.")) -> None:
    """Print how long each kind of personal data is kept, as a Markdown table (paste into docs/privacy.md)."""
    if lang not in LANGUAGES:
        typer.echo(f"--lang must be one of {', '.join(LANGUAGES)}", err=True)
        raise typer.Exit(2)
    typer.echo(retention_markdown(settings_or_exit(), texts().t, lang))


def register(app: typer.Typer) -> None:
    app.add_typer(privacy_app, name="privacy")
