"""The `samskaping` command line: each feature registers its commands from its own module."""

from __future__ import annotations

from importlib.metadata import version

import typer

from bot.cli import (
    audit,
    dates,
    digest,
    doctor,
    jargon,
    notes,
    programme,
    prompts,
    retention,
    run,
    secret_keys,
    teams,
)

app = typer.Typer(
    name="samskaping",
    help="Samskaping: a chat facilitator for cross-sector co-creation in Norwegian municipalities.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)



def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"samskaping {version('samskaping')}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                      help="Show the version and exit."),
) -> None:
    """Samskaping: a chat facilitator for cross-sector co-creation in Norwegian municipalities."""


for module in (run, dates, jargon, prompts, teams, digest, notes, doctor, audit, secret_keys, programme, retention):
    module.register(app)


def main() -> None:
    """Console-script entry point."""
    app()
