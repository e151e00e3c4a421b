"""Placeholder: the Teams commands are being written."""

import typer


def register(app: typer.Typer) -> None:
    """Add the Teams commands to the main CLI."""
