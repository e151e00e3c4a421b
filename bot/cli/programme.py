"""`samskaping programme owner add|remove|list`: the operator sets who owns a programme (who appoints its leads)."""

from __future__ import annotations

import typer

from bot.bootstrap import build, texts
from bot.cli.common import existing_database_or_exit, run, settings_or_exit
from bot.errors import UserError
from bot.features.audit.service import record_operator
from bot.features.digest import owners
from bot.features.digest.service import find_programme

programme_app = typer.Typer(help="Programmes: who owns them.", no_args_is_help=True)
owner_app = typer.Typer(help="A programme's owners appoint its leads and mentors (in chat: `prosjektleder`).",
                        no_args_is_help=True)
programme_app.add_typer(owner_app, name="owner")


def _change(programme: str, user: str, role: str) -> None:
    settings = existing_database_or_exit(settings_or_exit())

    async def _run() -> str:
        app = build(settings)
        try:
            await app.migrate()
            async with app.ctx.uow() as uow:
                found = await find_programme(uow.session, programme)
                await owners.set_programme_role(uow.session, found, user, role, language=settings.language,
                                                now=app.ctx.clock.now())
                await record_operator(uow, workspace_id=found.workspace_id, action="programme owner",
                                      verb="add-owner" if role == owners.OWNER else "remove-role",
                                      target=f"user {user}", detail=f"programme={found.slug}", at=app.ctx.clock.now())
                await uow.commit()
            return found.name
        finally:
            await app.close()

    try:
        name = run(_run())
    except UserError as exc:
        typer.echo(texts().t(settings.language, exc.key, **exc.params), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{user} owns «{name}»." if role == owners.OWNER else f"{user} no longer has a role in «{name}».")


@owner_app.command("add")
def add(programme: str = typer.Argument(..., help="Programme slug or id."),
        user: str = typer.Argument(..., help="The person's platform user id (Slack U…, Teams 29:…).")) -> None:
    """Make someone an owner of a programme (they also get its weekly digest)."""
    _change(programme, user, owners.OWNER)


@owner_app.command("remove")
def remove(programme: str = typer.Argument(..., help="Programme slug or id."),
           user: str = typer.Argument(..., help="The owner's platform user id.")) -> None:
    """Take someone's programme role away (the last owner stays: add another first)."""
    _change(programme, user, owners.REMOVE)


@owner_app.command("list")
def list_owners(programme: str = typer.Argument(..., help="Programme slug or id.")) -> None:
    """Print a programme's owners, one platform user id per line."""
    settings = existing_database_or_exit(settings_or_exit())

    async def _run() -> list[str]:
        app = build(settings)
        try:
            await app.migrate()
            async with app.ctx.uow() as uow:
                found = await find_programme(uow.session, programme)
                return [r.user_id for r in await owners.owners_of(uow.session, found)]
        finally:
            await app.close()

    try:
        typer.echo("\n".join(run(_run())) or "(no owners)")
    except UserError as exc:
        typer.echo(texts().t(settings.language, exc.key, **exc.params), err=True)
        raise typer.Exit(1) from None


def register(app: typer.Typer) -> None:
    """Add `programme` to the main CLI."""
    app.add_typer(programme_app, name="programme")
