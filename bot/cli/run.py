"""Commands that run the bot: `db upgrade`, `chat` (the console platform) and `serve`."""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import typer

from bot.adapters.console import ConsoleSession
from bot.adapters.memory import MemoryChat
from bot.bootstrap import build
from bot.cli.common import run, settings_or_exit
from bot.clock import Clock, ManualClock, SystemClock
from bot.settings import Settings

db_app = typer.Typer(help="Database: apply migrations.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration to DATABASE_URL."""
    settings = settings_or_exit()

    async def _upgrade() -> None:
        app = build(settings)
        await app.migrate()
        await app.close()

    run(_upgrade())
    typer.echo("The database is up to date.")


def chat(
    user: str = typer.Option("kari", "--as", help="Who you are at the start (switch with /som <navn>)."),
    channel: str = typer.Option("samskaping", "--channel", help="The channel you start in (/kanal <navn>)."),
    start: datetime | None = typer.Option(None, "--start", help="Simulate time from this moment (enables /vent)."),
) -> None:
    """Chat with the bot in the terminal; reads a script from stdin when it is not a terminal."""
    settings = settings_or_exit()
    clock: Clock = ManualClock(start.astimezone()) if start else SystemClock()
    run(_chat(settings, clock, user, channel))


async def _chat(settings: Settings, clock: Clock, user: str, channel: str) -> None:
    memory = MemoryChat(clock)
    app = build(settings, clock=clock, ports={"console": memory})
    await app.migrate()
    session = ConsoleSession(app, memory, typer.echo, user=user, channel=channel)
    interactive = sys.stdin.isatty()
    if interactive:
        typer.echo("Samskaping – konsoll. Skriv /samskaping hjelp, /som <navn>, /kanal <navn>; Ctrl-D avslutter.")
    try:
        while True:
            prompt = f"{session.user}@#{session.channel}> "
            line = await asyncio.to_thread(input, prompt) if interactive else sys.stdin.readline()
            if not interactive and not line:
                break
            if not interactive and line.strip():
                typer.echo(f"{session.user}@#{session.channel}> {line.rstrip()}")
            await session.feed(line)
    except (EOFError, KeyboardInterrupt):
        typer.echo("")
    finally:
        await app.close()


def register(app: typer.Typer) -> None:
    """Add `db`, `chat` and `serve` to the main CLI."""
    app.add_typer(db_app, name="db")
    app.command("chat")(chat)
    app.command("serve")(serve)
    app.command("demo")(demo)


def serve(
    host: str | None = typer.Option(None, help="Interface to listen on (default HOST, 0.0.0.0)."),
    port: int | None = typer.Option(None, help="Port (default PORT, 3000)."),
) -> None:
    """Run the bot: the web endpoints for Slack and Teams, /healthz, /readyz, and the scheduler."""
    import uvicorn

    from bot.adapters.platforms import mount_platforms
    from bot.adapters.web import create_web_app
    from bot.kernel.storage.single import SingleServeLock
    from bot.logs import configure_logging

    settings = settings_or_exit()
    configure_logging(settings.log_level)
    with SingleServeLock.for_settings(settings):
        app = build(settings)
        web = create_web_app(app)
        names = mount_platforms(web, app, settings)
        typer.echo(f"Samskaping serves {', '.join(names) or 'no chat platform (health endpoints only)'} "
                   f"on {host or settings.host}:{port or settings.port}", err=True)
        uvicorn.run(web, host=host or settings.host, port=port or settings.port, log_level="warning",
                    timeout_graceful_shutdown=20)


def demo(
    db: Path | None = typer.Option(None, "--db", help="Keep the simulated programme in this SQLite file."),
    report: Path | None = typer.Option(None, "--report", help="Also write the lead's HTML report to this file."),
) -> None:
    """Run a simulated programme (three municipalities, about four weeks) and print what the bot did."""
    from bot.adapters.demo import run_demo

    with tempfile.TemporaryDirectory(prefix="samskaping-demo-") as folder:
        path = db.resolve() if db else Path(folder) / "demo.db"
        if db and path.exists():
            typer.echo(f"{path} exists already; choose a new file for --db.", err=True)
            raise typer.Exit(2)
        started = time.perf_counter()
        run(run_demo(typer.echo, database_url=f"sqlite+aiosqlite:///{path}", report=report))
        typer.echo(f"\n(The demo took {time.perf_counter() - started:.1f} s"
                   + (f"; its data is in {path})" if db else "; nothing was kept.)"))
