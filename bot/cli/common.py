"""Shared CLI plumbing: settings with friendly errors, and running async code."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

import typer

from bot.errors import ConfigurationError
from bot.settings import Settings, load_settings

T = TypeVar("T")


def settings_or_exit(**overrides: object) -> Settings:
    """Valid settings, or one line per problem on stderr and exit code 2."""
    try:
        return load_settings(**overrides)
    except ConfigurationError as exc:
        typer.echo("Samskaping cannot start; the configuration has problems:", err=True)
        for line in exc.lines:
            typer.echo(f"  - {line}", err=True)
        raise typer.Exit(2) from None


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)
