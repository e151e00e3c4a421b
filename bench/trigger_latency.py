"""Benchmark: trigger → platform latency (issue 14, Performance).

Two triggers, each measured from the moment it happens to the moment the mock Slack Web API (bench/rate_mocks.py,
limits far above the load) accepts the resulting post:
- `oppgave send`: a coordinator's signed slash command in one of N groups → the prompt in the channel;
- a due reminder: a private reminder row that falls due 1.5 s after it was written → the ephemeral message.

SQLite runs the bot in this process (uvicorn in the same event loop), so reminder rows are written through
the bot's own sessions, as its planner writes them. PostgreSQL runs two `samskaping serve` replicas (commands
alternate between them) and the reminder rows are written by this process: the replicas learn of them through
NOTIFY. The baseline is the scheduler's tick alone (the wake-up switched off): what users waited before.
Target: p99 < 1 s.

    .venv/bin/python -m bench.trigger_latency [--triggers 200] [--postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import aiohttp

from bench.inbound_latency import TEAM, Mock, free_port, percentile, signed, start_mock, start_server
from bench.results import Figure, add_results_option, record
from bench.throwaway import throwaway_database
from bot.kernel.chat.messages import Message
from bot.kernel.delivery.outbox import Envelope, enqueue
from bot.kernel.storage import queries
from bot.kernel.storage.engine import SessionFactory, create_engine, session_factory

DUE_IN = 1.5  # seconds between writing a reminder row and its due time
SPACING = 0.1  # seconds between triggers (default; --spacing)
TARGET_MS = 1000


def server_env(mock: str) -> dict[str, str]:
    return {"SLACK_BOT_TOKEN": f"xoxb-bench-{TEAM}", "SLACK_SIGNING_SECRET": "bench-signing-secret",
            "SLACK_API_URL": f"{mock}/api/", "LOG_LEVEL": "ERROR", "SLACK_TIER4_PER_MINUTE": "10000",
            "SLACK_POST_PER_MINUTE": "10000", "SLACK_CHANNEL_INTERVAL_SECONDS": "0"}


async def command(http: aiohttp.ClientSession, port: int, mock: str, text: str, channel: str, n: int) -> None:
    body = urlencode({"command": "/samskaping", "text": text, "user_id": "U1", "user_name": "kari",
                      "channel_id": channel, "team_id": TEAM, "trigger_id": f"trig{channel}{n}",
                      "response_url": f"{mock}/response/{n}", "api_app_id": "A1"})
    async with http.post(f"http://127.0.0.1:{port}/slack/events", data=body.encode(),
                         headers=signed(body, "application/x-www-form-urlencoded")) as response:
        await response.read()


async def accepted_at(http: aiohttp.ClientSession, mock: str) -> dict[str, float]:
    async with http.get(f"{mock}/stats") as response:
        return dict((await response.json())["accepted_at"])


async def wait_for(http: aiohttp.ClientSession, mock: str, keys: list[str], seconds: float) -> dict[str, float]:
    deadline = time.time() + seconds
    while True:
        seen = await accepted_at(http, mock)
        if all(k in seen for k in keys) or time.time() > deadline:
            return seen
        await asyncio.sleep(0.2)


async def oppgave_send(ports: list[int], mock: str, triggers: int, tag: str, spacing: float
                       ) -> tuple[list[float], int]:
    """Set up `triggers` groups, then one `oppgave send` each, `spacing` apart; latency per group, missing."""
    channels = [f"C{tag}{i}" for i in range(triggers)]
    async with aiohttp.ClientSession() as http:
        for i, channel in enumerate(channels):
            await command(http, ports[i % len(ports)], mock, "oppsett Bodø", channel, 0)
        started: dict[str, float] = {}

        async def trigger(i: int, channel: str) -> None:
            started[channel] = time.time()
            await command(http, ports[i % len(ports)], mock, "oppgave send", channel, 1)

        tasks = []
        for i, channel in enumerate(channels):
            tasks.append(asyncio.create_task(trigger(i, channel)))
            await asyncio.sleep(spacing)
        await asyncio.gather(*tasks)
        seen = await wait_for(http, mock, [f"post:{c}" for c in channels], 40)
    got = [seen[f"post:{c}"] - started[c] for c in channels if f"post:{c}" in seen]
    return got, triggers - len(got)


async def due_reminders(sessions: SessionFactory, mock: str, triggers: int, tag: str, spacing: float
                        ) -> tuple[list[float], int]:
    """Write `triggers` private reminders, `spacing` apart, each due DUE_IN s later; latency from due time."""
    due: dict[str, float] = {}
    for i in range(triggers):
        now = datetime.now(UTC)
        async with sessions() as session:
            owner = await queries.workspace_for(session, "slack", TEAM, now=now)
            channel, user = f"R{tag}{i}", f"U{i}"
            await enqueue(session, Envelope(owner.id or 0, f"bench-reminder:{tag}:{i}", "reminder", "private",
                                            Message("Husk refleksjonen!"), now + timedelta(seconds=DUE_IN),
                                            channel_id=channel, user_id=user), now=now)
            await session.commit()
        due[f"eph:{channel}:{user}"] = (now + timedelta(seconds=DUE_IN)).timestamp()
        await asyncio.sleep(spacing)
    async with aiohttp.ClientSession() as http:
        seen = await wait_for(http, mock, list(due), 40)
    got = [seen[k] - t for k, t in due.items() if k in seen]
    return got, triggers - len(got)


@asynccontextmanager
async def in_process(url: str, mock: str, *, wake: bool) -> AsyncIterator[tuple[list[int], SessionFactory]]:
    """The bot on SQLite in this process, as `samskaping serve` builds it."""
    import uvicorn

    from bot.adapters.platforms import mount_platforms
    from bot.adapters.web import create_web_app
    from bot.bootstrap import build
    from bot.settings import Settings

    settings = Settings(database_url=url, _env_file=None, **{k.lower(): v for k, v in server_env(mock).items()})  # type: ignore[call-arg]
    app = build(settings)
    if not wake:
        app.wakeup.run = _tick_only  # type: ignore[method-assign]
    web = create_web_app(app)
    mount_platforms(web, app, settings)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(web, host="127.0.0.1", port=port, log_level="error"))
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers a flag, not an event
        await asyncio.sleep(0.05)
    try:
        yield [port], app.ctx.sessions
    finally:
        server.should_exit = True
        await task


async def _tick_only() -> None:
    """The baseline: no wake-up loop, only the scheduler's tick."""
    await asyncio.Event().wait()


@asynccontextmanager
async def replicas(url: str, mock: str, *, wake: bool) -> AsyncIterator[tuple[list[int], SessionFactory]]:
    """Two `samskaping serve` replicas on PostgreSQL, and sessions of this process on the same database."""
    os.environ.update(server_env(mock))
    ports = [free_port(), free_port()]
    servers = [await start_server(url, Mock(mock), port) for port in ports]
    engine = create_engine(url)
    try:
        yield ports, session_factory(engine)
    finally:
        await engine.dispose()
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


Setup = Callable[..., Any]


async def measure(label: str, setup: Setup, url: str, mock: str, args: argparse.Namespace, *, wake: bool
                  ) -> dict[str, tuple[float, float, int]]:
    """p50, p99 (ms) and missing per trigger kind."""
    async with setup(url, mock, wake=wake) as (ports, sessions):
        await asyncio.sleep(1.0)
        async with aiohttp.ClientSession() as http, http.post(f"{mock}/reset") as response:
            await response.read()  # a fresh mock state (and time stamps) per setup
        tag = "".join(word[0] for word in label.split())
        runs: list[tuple[str, Awaitable[tuple[list[float], int]]]] = [
            ("oppgave send", oppgave_send(ports, mock, args.triggers, tag, args.spacing)),
            ("due reminder", due_reminders(sessions, mock, args.triggers, tag, args.spacing))]
        measured = {}
        for what, run in runs:
            latencies, missing = await run
            ms = [x * 1000 for x in latencies]
            print(f"{label:<34} {what:<13} {len(latencies):>5} {percentile(ms, 50):>8.0f} {percentile(ms, 99):>8.0f} "
                  f"{max(ms, default=float('nan')):>8.0f} {missing:>7}", flush=True)
            measured[what] = (percentile(ms, 50), percentile(ms, 99), missing)
        return measured


def figures(database: str, setup: str, measured: dict[str, tuple[float, float, int]]) -> list[Figure]:
    """One row per trigger kind: p99 against the target, p50 and the missing as the baseline."""
    return [Figure("trigger_latency", f"trigger → platform, {what} ({setup})", f"p99 {p99:.0f} ms",
                   f"< {TARGET_MS} ms", f"p50 {p50:.0f} ms; {missing} missing", database,
                   p99 < TARGET_MS and missing == 0)
            for what, (p50, p99, missing) in measured.items()]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triggers", type=int, default=200)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL", ""))
    parser.add_argument("--spacing", type=float, default=SPACING, help="seconds between triggers")
    parser.add_argument("--no-baseline", action="store_true", help="skip the tick-only baseline (it is slow)")
    add_results_option(parser)
    args = parser.parse_args()
    print(f"Trigger → platform latency, {args.triggers} triggers each, {args.spacing * 1000:.0f} ms apart, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start; target p99 < 1000 ms\n")
    print(f"{'setup':<34} {'trigger':<13} {'n':>5} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'missing':>7}")
    mock_process, mocked = start_mock()
    mock = mocked.url
    try:
        with tempfile.TemporaryDirectory() as folder:
            if not args.no_baseline:
                await measure("SQLite, 1 process, tick only", in_process, f"sqlite+aiosqlite:///{folder}/t.db",
                              mock, args, wake=False)
            woken = await measure("SQLite, 1 process, wake-up", in_process, f"sqlite+aiosqlite:///{folder}/w.db",
                                  mock, args, wake=True)
            record(args.results, figures("SQLite", "1 process", woken))
        if args.postgres:
            async with throwaway_database(args.postgres, "samskaping_latency") as url:
                first = await start_server(url, mocked, free_port())  # migrates once, before the replicas start
                first.terminate()
                first.wait(timeout=30)
                woken = await measure("PostgreSQL, 2 replicas, wake-up", replicas, url, mock, args, wake=True)
                record(args.results, figures("PostgreSQL", "2 replicas", woken))
        else:
            print("PostgreSQL: skipped (set TEST_DATABASE_URL or pass --postgres URL)")
    finally:
        mock_process.terminate()
        mock_process.wait(timeout=10)


if __name__ == "__main__":
    asyncio.run(main())
