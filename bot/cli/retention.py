"""`samskaping retention [--dry-run]`: what retention deletes now (the scheduler does the same on every tick)."""

from __future__ import annotations

import typer

from bot.bootstrap import build
from bot.cli.common import existing_database_or_exit, run, settings_or_exit
from bot.features.privacy import retention as rules


def retention(dry_run: bool = typer.Option(False, "--dry-run", help="Only show what would go; change nothing."),
              markdown: bool = typer.Option(False, "--markdown", help="Print the retention table of these settings "
                                            "as Markdown (for docs/privacy.md, a DPIA) and stop.")) -> None:
    """Show (with --dry-run) or apply the retention rules: answer texts, message contents, drafts, hint log, audit."""
    if markdown:
        typer.echo(rules.markdown_table(settings_or_exit()), nl=False)
        return
    settings = existing_database_or_exit(settings_or_exit())

    async def _run() -> list[str]:
        app = build(settings)
        try:
            await app.migrate()
            now = app.ctx.clock.now()
            async with app.ctx.uow() as uow:
                counted = await rules.due(uow, settings, now)
                if not dry_run:
                    await rules.enforce(uow, settings, now)
                    await uow.commit()
        finally:
            await app.close()
        verb = "would go" if dry_run else "removed or emptied"
        return [f"{rule.what:<9} {count:>7} {verb:<18} kept {rule.kept} ({rule.setting}); "
                f"before {rule.cutoff:%Y-%m-%d %H:%M} UTC" for rule, count in counted]

    lines = run(_run())
    typer.echo(("Dry run: nothing was changed.\n" if dry_run else "") + "\n".join(lines))


def register(app: typer.Typer) -> None:
    """Add `retention` to the main CLI."""
    app.command("retention")(retention)
