"""Placeholder: this feature's commands are being written."""

import typer


def register(app: typer.Typer) -> None:
    """Add this feature's commands to the main CLI."""
