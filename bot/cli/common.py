"""Shared CLI plumbing: settings with friendly errors, and running async code."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import typer
from sqlalchemy import make_url
from sqlalchemy.exc import InterfaceError, OperationalError

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


#: exit codes every command keeps: 0 done, 1 a check found problems, 2 bad input or settings, 3 no database
EXIT_DATABASE = 3
_UNREACHABLE = (OperationalError, InterfaceError, ConnectionError, TimeoutError, socket.gaierror)


def existing_database_or_exit(settings: Settings) -> Settings:
    """The settings, when their SQLite database file exists: a read-only command must not create an empty one."""
    url = make_url(settings.database_url)
    path = url.database or ""
    if url.get_backend_name() == "sqlite" and path not in ("", ":memory:") and not Path(path).exists():
        typer.echo(f"There is no database at {path} (set DATABASE_URL, or run `samskaping db upgrade` "
                   "to create one).", err=True)
        raise typer.Exit(EXIT_DATABASE)
    return settings


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run async work; a database that cannot be reached is one plain line and exit code 3, not a traceback."""
    try:
        return asyncio.run(coro)
    except _UNREACHABLE as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        typer.echo(f"The database cannot be reached (check DATABASE_URL and that the server runs): {reason}", err=True)
        raise typer.Exit(EXIT_DATABASE) from None
