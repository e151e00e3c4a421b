"""The `samskaping` command line: each feature registers its commands from its own module."""

from __future__ import annotations

import typer

from bot.cli import audit, dates, digest, doctor, jargon, prompts, run, secret_keys, teams

app = typer.Typer(
    name="samskaping",
    help="Samskaping: a chat facilitator for cross-sector co-creation in Norwegian municipalities.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (run, dates, jargon, prompts, teams, digest, doctor, audit, secret_keys):
    module.register(app)


def main() -> None:
    """Console-script entry point."""
    app()
