"""`samskaping doctor`: checks configuration, database, migrations, content, credentials and stuck messages."""

from __future__ import annotations

from dataclasses import dataclass

import typer
from sqlalchemy import func, text
from sqlmodel import col, select

from bot.bootstrap import build
from bot.cli.common import run
from bot.errors import ConfigurationError
from bot.kernel.programme.watch import load_content
from bot.kernel.storage import migrate
from bot.kernel.storage.tables import Outbox, OutboxStatus
from bot.settings import Settings, load_settings


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    warning: bool = False  # shown with "!": works, but should be fixed before production


def _platforms(settings: Settings) -> list[Check]:
    checks = []
    if settings.slack_bot_token or settings.slack_client_id:
        mode = "OAuth (many workspaces)" if settings.slack_client_id else "one workspace (bot token)"
        has_secret = bool(settings.slack_signing_secret) or bool(settings.slack_app_token)
        checks.append(Check("Slack", has_secret, f"{mode}; " + (
            "signing secret set" if has_secret else "SLACK_SIGNING_SECRET is missing: requests cannot be verified")))
    else:
        checks.append(Check("Slack", True, "not configured (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to use it)"))
    if settings.teams_client_id:
        checks.append(Check("Teams", bool(settings.teams_client_secret),
                            "client id set; " + ("secret set" if settings.teams_client_secret
                                                 else "TEAMS_CLIENT_SECRET is missing: the bot cannot send")))
        checks.append(_teams_tenant(settings))
    else:
        checks.append(Check("Teams", True, "not configured (set TEAMS_CLIENT_ID and TEAMS_CLIENT_SECRET to use it)"))
    return checks


def _teams_tenant(settings: Settings) -> Check:
    """New Azure bots are single-tenant (multi-tenant creation ended 31 July 2025): they need their tenant id."""
    if settings.teams_tenant_id:
        return Check("Teams tenant", True, f"single-tenant bot in tenant {settings.teams_tenant_id}")
    if settings.teams_multi_tenant:
        return Check("Teams tenant", True, "TEAMS_MULTI_TENANT=true: an old multi-tenant bot (botframework.com); "
                     "a single-tenant bot fails with AADSTS700016 this way (docs/teams.md)", warning=True)
    return Check("Teams tenant", False, "TEAMS_TENANT_ID is missing: a single-tenant bot (every bot created since "
                 "31 July 2025) cannot send without it; set TEAMS_MULTI_TENANT=true only for an old multi-tenant bot")


def _privacy_kit(settings: Settings) -> Check:
    """The public privacy statement names the controller and a contact; without them it says 'ask your coordinator'."""
    missing = [name for name, value in (("PRIVACY_CONTROLLER", settings.privacy_controller),
                                        ("PRIVACY_CONTACT", settings.privacy_contact)) if not value]
    if not missing:
        return Check("Privacy statement", True, f"/personvern names {settings.privacy_controller}")
    return Check("Privacy statement", True, f"{' and '.join(missing)} not set: /personvern cannot say who is "
                 "responsible for the data or whom to ask (docs/privacy.md)", warning=True)


def _secret_key(settings: Settings) -> Check:
    if settings.secret_key:
        keys = len([k for k in settings.secret_key.split(",") if k.strip()])
        return Check("Token encryption", True, "Slack tokens are encrypted in the database with SECRET_KEY"
                     + (f" ({keys} keys: run `samskaping secrets rotate`, then drop the old ones)" if keys > 1 else ""))
    return Check("Token encryption", True, "SECRET_KEY is not set, so Slack tokens are stored unencrypted in the "
                 "database; create a key with `samskaping secrets new-key`, set SECRET_KEY and run "
                 "`samskaping secrets rotate`", warning=True)


async def _database(settings: Settings) -> list[Check]:
    app = build(settings)
    try:
        async with app.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as exc:
        await app.close()
        return [Check("Database", False, f"cannot connect ({type(exc).__name__}); check DATABASE_URL")]
    checks = [Check("Database", True, "reachable")]
    current = await migrate.is_current(app.engine)
    checks.append(Check("Migrations", current, "up to date" if current else "pending: run `samskaping db upgrade`"))
    if current:
        async with app.ctx.uow() as uow:
            stuck = dict((await uow.session.exec(select(Outbox.status, func.count()).where(
                col(Outbox.status).in_((OutboxStatus.UNCERTAIN.value, OutboxStatus.FAILED.value)))
                .group_by(Outbox.status))).all())
        uncertain, failed = stuck.get("uncertain", 0), stuck.get("failed", 0)
        checks.append(Check("Outgoing messages", uncertain == 0,
                            f"{uncertain} maybe sent (a coordinator may resend), {failed} failed"))
    await app.close()
    return checks


def doctor() -> None:
    """Check that everything the bot needs is in place, and say in plain words what is not."""
    try:
        settings = load_settings()
    except ConfigurationError as exc:
        typer.echo("✗ Configuration:")
        for line in exc.lines:
            typer.echo(f"    {line}")
        raise typer.Exit(1) from None
    checks = [Check("Configuration", True, f"valid (database: {settings.database_url.split(':', 1)[0]})")]
    _, _, problems = load_content(settings.prompts_dir, settings.schedules_dir)
    checks.append(Check("Content", not problems, "prompts and schedules valid" if not problems
                        else "; ".join(str(p) for p in problems[:5])))
    checks += _platforms(settings)
    checks.append(_secret_key(settings))
    checks.append(_privacy_kit(settings))
    checks += run(_database(settings))
    for check in checks:
        typer.echo(f"{'!' if check.warning else '✓' if check.ok else '✗'} {check.name}: {check.detail}")
    if not all(c.ok for c in checks):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `doctor` to the main CLI."""
    app.command("doctor")(doctor)
