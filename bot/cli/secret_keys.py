"""`samskaping secrets`: make a SECRET_KEY, and re-encrypt every stored token with the first key."""

from __future__ import annotations

import typer
from sqlmodel import select

from bot.bootstrap import build
from bot.cli.common import run, settings_or_exit
from bot.errors import SecretKeyError
from bot.kernel.storage.secrets import TokenCipher, new_key
from bot.kernel.storage.tables_slack import SlackInstallation
from bot.settings import Settings

secrets_app = typer.Typer(help="Encryption of stored tokens (SECRET_KEY).", no_args_is_help=True)


@secrets_app.command("new-key")
def make_key() -> None:
    """Print a new Fernet key for SECRET_KEY (keep it secret; losing it means reinstalling the app)."""
    typer.echo(new_key())


@secrets_app.command("rotate")
def rotate() -> None:
    """Re-encrypt every stored Slack token with the first key in SECRET_KEY (plaintext ones too)."""
    settings = settings_or_exit()
    if not settings.secret_key:
        typer.echo("SECRET_KEY is not set: there is no key to encrypt tokens with. "
                   "Generate one with `samskaping secrets new-key`.", err=True)
        raise typer.Exit(2)
    try:
        rows, tokens = run(rotate_tokens(settings))
    except SecretKeyError as exc:
        typer.echo(f"Nothing was changed: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Re-encrypted {tokens} token(s) in {rows} Slack installation(s) with the first key in SECRET_KEY.")


async def rotate_tokens(settings: Settings) -> tuple[int, int]:
    """Re-encrypt all installations in one transaction (all or nothing); returns (rows, tokens)."""
    cipher = TokenCipher(settings.secret_key)
    app = build(settings)
    rows = tokens = 0
    try:
        async with app.ctx.sessions() as session:
            for row in (await session.exec(select(SlackInstallation).with_for_update())).all():
                row.bot_token = cipher.rotate(row.bot_token)
                tokens += 1
                if row.bot_refresh_token:
                    row.bot_refresh_token = cipher.rotate(row.bot_refresh_token)
                    tokens += 1
                session.add(row)
                rows += 1
            await session.commit()
    finally:
        await app.close()
    return rows, tokens


def register(app: typer.Typer) -> None:
    """Add `secrets new-key` and `secrets rotate` to the main CLI."""
    app.add_typer(secrets_app, name="secrets")
