"""`samskaping teams package`: build the Teams app zip (manifest v1.30 validated, two icons)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import typer
from dotenv import dotenv_values

from bot.errors import ConfigurationError
from bot.settings import load_settings

GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
teams_app = typer.Typer(help="Microsoft Teams: the app package.", no_args_is_help=True)


def _configured() -> tuple[str, str]:
    """TEAMS_CLIENT_ID and TEAMS_BOT_DOMAIN from the environment or `.env`, when set (the secret is not needed)."""
    try:
        settings = load_settings()
    except ConfigurationError:  # e.g. the secret lives only on the server: the package needs the id and host only
        values = {**dotenv_values(".env"), **os.environ}
        return values.get("TEAMS_CLIENT_ID") or "", values.get("TEAMS_BOT_DOMAIN") or ""
    return settings.teams_client_id, settings.teams_bot_domain


@teams_app.command("package")
def package(
    out: Path = typer.Option(Path("samskaping-teams.zip"), "--out", "-o", help="Where to write the zip."),
    bot_id: str = typer.Option("", "--bot-id", help="The bot's Microsoft App ID (default: TEAMS_CLIENT_ID)."),
    domain: str = typer.Option("", "--domain", help="Host name of `samskaping serve` (default: TEAMS_BOT_DOMAIN)."),
    app_id: str = typer.Option("", "--app-id", help="The Teams app id, a GUID (default: the bot id)."),
    version: str = typer.Option("1.0.0", "--version", help="The app version (semver); raise it for each upload."),
    website: str = typer.Option("", "--website", help="Developer website (default: https://<domain>/)."),
) -> None:
    """Fill manifest.json, check it against Microsoft's v1.30 schema, and zip it with color.png and outline.png."""
    from bot.adapters.teams.manifest import PackageInput, build_package
    from bot.errors import ManifestError

    configured_id, configured_domain = _configured()
    bot_id, domain = bot_id or configured_id, (domain or configured_domain).removeprefix("https://").strip("/")
    problems = []
    if not GUID.match(bot_id):
        problems.append("the bot id must be the Microsoft App ID, a GUID (set TEAMS_CLIENT_ID or --bot-id)")
    if not domain or "/" in domain:
        problems.append("the domain must be a host name such as samskaping.example.no (TEAMS_BOT_DOMAIN or --domain)")
    if problems:
        for line in problems:
            typer.echo(f"  - {line}", err=True)
        raise typer.Exit(2)
    try:
        data = build_package(PackageInput(bot_id=bot_id, domain=domain, app_id=app_id, version=version,
                                          website=website))
    except ManifestError as exc:
        typer.echo("The manifest is not valid against the Teams v1.30 schema:", err=True)
        for line in exc.problems:
            typer.echo(f"  - {line}", err=True)
        raise typer.Exit(1) from None
    out.write_bytes(data)
    typer.echo(f"Wrote {out} (manifest.json, color.png, outline.png). Upload it in Teams: Apps → Manage your apps "
               "→ Upload an app.")


def register(app: typer.Typer) -> None:
    """Add the Teams commands to the main CLI."""
    app.add_typer(teams_app, name="teams")
